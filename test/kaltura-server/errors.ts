// Kaltura API error catalogue (protocol §1.6) and the exception the handlers throw to produce an API error reply.

interface ErrorDefinition {
  readonly args: readonly string[]
  readonly message: string
}

const catalogue = {
  MISSING_KS: { args: [], message: 'Missing KS, session not established' },
  INVALID_KS: { args: ['KSID', 'ERR_CODE', 'ERR_DESC'], message: 'Invalid KS "@KSID@", Error "@ERR_CODE@,@ERR_DESC@"' },
  SERVICE_FORBIDDEN: { args: ['SERVICE'], message: 'The access to service [@SERVICE@] is forbidden' },
  START_SESSION_ERROR: { args: ['PID'], message: 'Error while starting session for partner [@PID@]' },
  MISSING_MANDATORY_PARAMETER: { args: ['PARAM_NAME'], message: 'Missing parameter "@PARAM_NAME@"' },
  INVALID_ENUM_VALUE: {
    args: ['ENUM_VAL', 'PARAM_NAME', 'ENUM_TYPE'],
    message: 'Invalid enumeration value "@ENUM_VAL@" for parameter "@PARAM_NAME@", expecting enumeration type "@ENUM_TYPE@"'
  },
  PROPERTY_VALIDATION_NOT_UPDATABLE: { args: ['PROP_NAME'], message: 'The property "@PROP_NAME@" cannot be updated' },
  PROPERTY_VALIDATION_MIN_LENGTH: {
    args: ['PROP_NAME', 'MIN_LEN'],
    message: 'The property "@PROP_NAME@" must have a min length of @MIN_LEN@ characters'
  },
  PROPERTY_VALIDATION_CANNOT_BE_NULL: { args: ['PROP_NAME'], message: 'The property "@PROP_NAME@" cannot be null' },
  UPLOAD_TOKEN_NOT_FOUND: { args: [], message: 'Upload token not found' },
  UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD: {
    args: [],
    message: 'Upload token is in an invalid status for uploading a file, maybe the file was already uploaded'
  },
  UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY: {
    args: [],
    message: 'Upload token is in an invalid status for adding entry, maybe the a file was not uploaded or the token was used'
  },
  UPLOAD_TOKEN_CANNOT_RESUME: { args: [], message: 'Cannot resume the upload, original file was not found' },
  UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE: { args: [], message: 'Failed to match expected file size' },
  UPLOAD_TOKEN_MISSING_FILE_SIZE: { args: [], message: 'FileSize is mandatory when enabling autoFinalize' },
  // Not in open-source HEAD: the test server's choice for SaaS's minimumChunkSize (uploadModes.ts, README).
  UPLOAD_TOKEN_CHUNK_TOO_SMALL: {
    args: ['MIN_CHUNK_SIZE'],
    message: 'The uploaded chunk is smaller than the minimum chunk size of @MIN_CHUNK_SIZE@ bytes'
  },
  UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED: {
    args: ['MAX_RESUME_TIME'],
    message: 'Max resume time of @MAX_RESUME_TIME@ seconds reached, cannot resume upload'
  },
  UPLOAD_ERROR: { args: [], message: 'Upload failed' },
  ENTRY_ID_NOT_FOUND: { args: ['ENTRY_ID'], message: 'Entry id "@ENTRY_ID@" not found' },
  ENTRY_ALREADY_WITH_CONTENT: { args: [], message: 'Entry already associated with content' },
  RESOURCE_TYPE_NOT_SUPPORTED: { args: ['RES_TYPE'], message: 'Resource type "@RES_TYPE@" not supported' },
  SERVICE_DOES_NOT_EXISTS: { args: ['SRV_NAME'], message: 'Service "@SRV_NAME@" does not exists' },
  ACTION_DOES_NOT_EXISTS: {
    args: ['ACTION_NAME', 'SERVICE_NAME'],
    message: 'Action "@ACTION_NAME@" does not exists for service "@SERVICE_NAME@"'
  },
  OBJECT_TYPE_ABSTRACT: {
    args: ['OBJ_TYPE'],
    message: 'The object type "@OBJ_TYPE@" is abstract, use one of the object implementations'
  },
  INTERNAL_SERVERL_ERROR: { args: [], message: 'Internal server error occurred' },
  // api_v3/lib/KalturaErrors.php:278-284 (appToken), :495 (INVALID_OBJECT_ID); APIErrors.class.php:222, :428.
  APP_TOKEN_ID_NOT_FOUND: { args: ['ID'], message: 'Application token id "@ID@" not found' },
  APP_TOKEN_NOT_ACTIVE: { args: ['ID'], message: 'Application token id "@ID@" not active' },
  APP_TOKEN_EXPIRED: { args: ['ID'], message: 'Application token id "@ID@" expired' },
  INVALID_APP_TOKEN_HASH: { args: [], message: 'Invalid application token hash' },
  INVALID_WIDGET_ID: { args: ['WIDGET_ID'], message: 'Unknown widget [@WIDGET_ID@]' },
  INVALID_OBJECT_ID: { args: ['ID'], message: 'Invalid object id [@ID@]' },
  UNKNOWN_ROLE_ID: { args: [], message: 'Unknown role id' },
  // api_v3/lib/KalturaErrors.php:82, :185, :367, :373, :643-663 (categories); INVALID_ENTRY_ID here overrides APIErrors'.
  PROPERTY_VALIDATION_MAX_LENGTH: { args: ['PROP_NAME', 'MAX_LEN'], message: 'The property "@PROP_NAME@" cannot have more than @MAX_LEN@ characters' },
  MAX_CATEGORIES_FOR_ENTRY_REACHED: { args: ['CATEGORIES'], message: 'Entry can be linked with a maximum of "@CATEGORIES@" categories' },
  CATEGORY_NOT_FOUND: { args: ['ID'], message: 'Category id "@ID@" not found' },
  DUPLICATE_CATEGORY: { args: ['CATEGORY'], message: 'The category "@CATEGORY@" already exists' },
  INVALID_ENTRY_ID: { args: ['ID'], message: 'Invalid entry id ["@ID@"]' },
  ENTRY_IS_NOT_ASSIGNED_TO_CATEGORY: { args: [], message: "Entry doesn't assigned to category" },
  MUST_FILTER_ON_ENTRY_OR_CATEGORY: { args: [], message: 'Must filter on entry id or category' },
  CATEGORY_ENTRY_ALREADY_EXISTS: { args: [], message: 'Entry already assigned to this category' },
  // plugins/content/caption/base/lib/errors/KalturaCaptionErrors.php
  CAPTION_ASSET_ID_NOT_FOUND: { args: ['ASSET_ID'], message: 'Caption asset id "@ASSET_ID@" not found' }
} as const satisfies Record<string, ErrorDefinition>

export type ErrorCode = keyof typeof catalogue

/** Thrown by action handlers; the front end turns it into an HTTP 200 KalturaAPIException body. */
export class KalturaApiError extends Error {
  readonly code: ErrorCode
  readonly args: Readonly<Record<string, string>>
  /** Extra response headers (SERVICE_FORBIDDEN sends X-Kaltura). */
  readonly headers: Readonly<Record<string, string>>

  constructor(code: ErrorCode, args: Record<string, string> = {}, headers: Record<string, string> = {}) {
    const definition: ErrorDefinition = catalogue[code]
    let message: string = definition.message
    for (const name of definition.args) {
      message = message.split(`@${name}@`).join(stripTags(args[name] ?? 'N/A'))
    }
    super(message)
    this.code = code
    this.args = args
    this.headers = headers
  }
}

export interface ApiErrorBody {
  code: string
  message: string
  objectType: 'KalturaAPIException'
  /** PHP serializes an empty args array as [], a filled one as an object. */
  args: [] | Record<string, string>
}

export function errorBody(error: KalturaApiError): ApiErrorBody {
  const names = Object.keys(error.args)
  const args: [] | Record<string, string> =
    names.length === 0 ? [] : Object.fromEntries(names.map((name) => [name, stripTags(error.args[name] ?? 'N/A')]))
  return { code: error.code, message: error.message, objectType: 'KalturaAPIException', args }
}

function stripTags(value: string): string {
  return value.replace(/<[^>]*>/g, '')
}

/** With the two headers KalturaBaseService adds (KalturaBaseService.php:161-164). */
export function serviceForbidden(serviceAction: string): KalturaApiError {
  const forbidden = new KalturaApiError('SERVICE_FORBIDDEN', { SERVICE: serviceAction })
  return new KalturaApiError('SERVICE_FORBIDDEN', { SERVICE: serviceAction }, {
    'X-Kaltura': 'error-SERVICE_FORBIDDEN',
    'X-Kaltura-App': `exiting on error SERVICE_FORBIDDEN - ${forbidden.message}`
  })
}
