/** A failure whose message is safe and useful to show the user. */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError'
  constructor(readonly code: string, message: string) {
    super(message)
  }
}
