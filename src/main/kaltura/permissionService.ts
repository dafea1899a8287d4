// What the session may do: permission.getCurrentPermissions answers the names of the permissions its role holds, so the
// window can tell before Start whether a category the user names may be created (category.add needs
// CONTENT_MANAGE_EDIT_CATEGORIES, deployment/permissions/service.category.ini:9).
import type { AuthenticatedCaller } from './authenticatedCall'
import type { CallOptions } from './callOptions'
import { ResponseShapeError } from './decode'

export interface PermissionService {
  /**
   * The session's permission names. PermissionService.php:218-229 returns kPermissionManager::getCurrentPermissions
   * joined by ","; every role may call it (ALWAYS_ALLOWED_ACTIONS and BASE_USER_SESSION_PERMISSION,
   * deployment/permissions/service.permission.ini:29-36; ALWAYS_ALLOWED_ACTIONS is added to every role that is not a
   * restricting one, kPermissionManager.php:281-293).
   */
  currentPermissions(options?: CallOptions): Promise<string[]>
}

export function createPermissionService(caller: AuthenticatedCaller): PermissionService {
  return {
    currentPermissions(options = {}) {
      return caller.call({ service: 'permission', action: 'getCurrentPermissions', params: {}, decode: decodeNames }, options)
    }
  }
}

function decodeNames(data: unknown): string[] {
  if (typeof data !== 'string') throw new ResponseShapeError('permission names must be text')
  return data
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
}
