// Which actions a session may call: the role its KS maps to (widget, user, admin, or `setrole`) and the permissions
// each uploader action needs, as kPermissionManager and KalturaBaseService decide them.
import type { TestRole } from './api'
import type { Session } from './authentication'
import { KalturaApiError, serviceForbidden } from './errors'

/** Permission names that let a role call an action (partner-group entries like `-5>PARTNER_-5_GROUP_*` left out). */
const ACTION_PERMISSIONS: Readonly<Record<string, readonly string[]>> = {
  // deployment/permissions/service.uploadtoken.ini:9, :18, :27, :36, :45
  'uploadtoken.add': ['ATTACHMENT_MODIFY', 'CAPTION_MODIFY', 'CONTENT_INGEST_UPLOAD', 'BASE_USER_SESSION_PERMISSION', 'CAPTURE_DEVICE_PERMISSION', 'BASE_UPLOAD_PERMISSION'],
  'uploadtoken.delete': ['CONTENT_INGEST_UPLOAD', 'BASE_USER_SESSION_PERMISSION', 'BASE_UPLOAD_PERMISSION'],
  'uploadtoken.get': ['CONTENT_INGEST_UPLOAD', 'BASE_USER_SESSION_PERMISSION', 'WIDGET_SESSION_PERMISSION', 'CAPTURE_DEVICE_PERMISSION', 'BASE_UPLOAD_PERMISSION'],
  'uploadtoken.list': ['CONTENT_INGEST_UPLOAD', 'BASE_USER_SESSION_PERMISSION', 'WIDGET_SESSION_PERMISSION', 'CAPTURE_DEVICE_PERMISSION', 'BASE_UPLOAD_PERMISSION'],
  'uploadtoken.upload': ['ATTACHMENT_MODIFY', 'CAPTION_MODIFY', 'CONTENT_INGEST_UPLOAD', 'BASE_USER_SESSION_PERMISSION', 'CAPTURE_DEVICE_PERMISSION', 'BASE_UPLOAD_PERMISSION'],
  // deployment/permissions/service.media.ini:9, :18, :140, :158, :176
  'media.add': ['CONTENT_INGEST_ORPHAN_VIDEO', 'CONTENT_INGEST_ORPHAN_AUDIO', 'LIVE_STREAM_ADD', 'CONTENT_INGEST_UPLOAD', 'CONTENT_MANAGE_BASE', 'BASE_USER_SESSION_PERMISSION', 'CAPTURE_DEVICE_PERMISSION'],
  'media.addcontent': ['CONTENT_INGEST_UPLOAD', 'BASE_USER_SESSION_PERMISSION', 'CAPTURE_DEVICE_PERMISSION'],
  'media.delete': ['CONTENT_MANAGE_DELETE', 'BASE_USER_SESSION_PERMISSION'],
  'media.get': ['CONTENT_MANAGE_BASE', 'BASE_USER_SESSION_PERMISSION', 'WIDGET_SESSION_PERMISSION'],
  // service.media.ini:205-212 (media.update)
  'media.update': ['CONTENT_MANAGE_SCHEDULE', 'CONTENT_MANAGE_ACCESS_CONTROL', 'CONTENT_MANAGE_METADATA', 'CONTENT_MODERATE_METADATA', 'CONTENT_MANAGE_THUMBNAIL', 'CONTENT_INGEST_UPLOAD', 'CONTENT_MANAGE_ASSIGN_CATEGORIES', 'BASE_USER_SESSION_PERMISSION', 'CAPTURE_DEVICE_PERMISSION'],
  'media.list': ['PLAYLIST_ADD', 'PLAYLIST_UPDATE', 'PLAYLIST_BASE', 'CONTENT_MODERATE_BASE', 'CONTENT_MANAGE_BASE', 'BASE_USER_SESSION_PERMISSION', 'WIDGET_SESSION_PERMISSION'],
  // deployment/permissions/service.appToken.ini:30
  'apptoken.startsession': ['BASE_USER_SESSION_PERMISSION', 'WIDGET_SESSION_PERMISSION'],
  // deployment/permissions/service.category.ini:9, :27, :45 (a USER KS may read categories, not add them)
  'category.add': ['CONTENT_MANAGE_EDIT_CATEGORIES'],
  'category.get': ['CONTENT_MANAGE_EDIT_CATEGORIES', 'CONTENT_MANAGE_ASSIGN_CATEGORIES', 'CONTENT_MANAGE_BASE', 'BASE_USER_SESSION_PERMISSION', 'WIDGET_SESSION_PERMISSION'],
  'category.list': ['CONTENT_MANAGE_ASSIGN_CATEGORIES', 'CONTENT_MODERATE_BASE', 'CONTENT_MANAGE_BASE', 'ANALYTICS_BASE', 'KMC_READ_ONLY', 'BASE_USER_SESSION_PERMISSION', 'WIDGET_SESSION_PERMISSION'],
  // deployment/permissions/service.categoryentry.ini:18, :27, :45
  'categoryentry.add': ['CONTENT_MANAGE_ASSIGN_CATEGORIES', 'BASE_USER_SESSION_PERMISSION'],
  'categoryentry.delete': ['CONTENT_MANAGE_ASSIGN_CATEGORIES', 'BASE_USER_SESSION_PERMISSION'],
  'categoryentry.list': ['CONTENT_MANAGE_ASSIGN_CATEGORIES', 'PLAYLIST_BASE', 'CONTENT_MODERATE_BASE', 'CONTENT_MANAGE_BASE', 'KMC_READ_ONLY', 'BASE_USER_SESSION_PERMISSION'],
  // deployment/permissions/service.caption.captionasset.ini:9, :27, :54, :90 (adding captions needs CAPTION_MODIFY: not a USER KS)
  'caption_captionasset.add': ['CAPTION_MODIFY'],
  'caption_captionasset.get': ['CONTENT_MANAGE_BASE', 'BASE_USER_SESSION_PERMISSION'],
  'caption_captionasset.list': ['CONTENT_MODERATE_BASE', 'CONTENT_MANAGE_BASE', 'BASE_USER_SESSION_PERMISSION', 'WIDGET_SESSION_PERMISSION', 'PLAYBACK_BASE_PERMISSION'],
  'caption_captionasset.setcontent': ['CAPTION_MODIFY']
}

/** Who may set entry.categories / categoriesIds on insert (deployment/permissions/object.KalturaBaseEntry.ini:20-45). */
export const ENTRY_CATEGORIES_INSERT_PERMISSIONS = ['CONTENT_MANAGE_ASSIGN_CATEGORIES', 'BASE_USER_SESSION_PERMISSION']

/** The system default roles a KS falls back to without `setrole` (kPermissionManager.php:660-691). */
const WIDGET_SESSION_ROLE = ['WIDGET_SESSION_PERMISSION']
const BASE_USER_SESSION_ROLE = ['BASE_USER_SESSION_PERMISSION']

/** An example partner role narrower than a user session: upload and read entries, nothing else. */
export const DEFAULT_ROLES: readonly TestRole[] = [
  { id: 1001, systemName: 'UPLOADER_ROLE', permissions: ['CONTENT_INGEST_UPLOAD', 'CONTENT_MANAGE_BASE'] }
]

/** kSessionBase.class.php:292-300: type 0, no user (or "0"), and a `widget:1` privilege. */
export function isWidgetSession(session: Pick<Session, 'type' | 'userId' | 'privileges'>): boolean {
  return session.type === 0 && (session.userId === '' || session.userId === '0') && session.privileges.includes('widget:1')
}

/** Privileges by name, values split on "/" (kSessionBase.class.php:200-222 parsePrivileges). */
export function parsePrivileges(privileges: string): Map<string, string[]> {
  const parsed = new Map<string, string[]>()
  if (privileges === '') return parsed
  for (const privilege of privileges.split(',')) {
    const colon = privilege.indexOf(':')
    const name = colon < 0 ? privilege : privilege.slice(0, colon)
    const value = colon < 0 ? '' : privilege.slice(colon + 1)
    const values = parsed.get(name) ?? []
    if (value !== '') values.push(...value.split('/'))
    parsed.set(name, values)
  }
  return parsed
}

/**
 * Refuses the call the way initService does (KalturaBaseService.php:156-165): SERVICE_FORBIDDEN naming
 * `service->action`. Only the listed uploader actions are checked; anything else passes.
 */
export function requirePermitted(roles: readonly TestRole[], session: Session, serviceId: string, action: string): void {
  const needed = ACTION_PERMISSIONS[`${serviceId}.${action.toLowerCase()}`]
  if (!needed) return
  const granted = grantedPermissions(roles, session)
  if (granted === 'all' || needed.some((permission) => granted.includes(permission))) return
  throw serviceForbidden(`${serviceId}->${action}`)
}

/** Whether the session's role holds any of these permissions; an admin session holds every one. */
export function holdsPermission(roles: readonly TestRole[], session: Session, permissions: readonly string[]): boolean {
  const granted = grantedPermissions(roles, session)
  return granted === 'all' || permissions.some((permission) => granted.includes(permission))
}

/** PermissionName::ALWAYS_ALLOWED_ACTIONS: added to every role that is not a restricting one (kPermissionManager.php:281-293). */
const ALWAYS_ALLOWED_ACTIONS = 'ALWAYS_ALLOWED_ACTIONS'

/**
 * permission.getCurrentPermissions (PermissionService.php:218-229): the role's permission names and
 * ALWAYS_ALLOWED_ACTIONS, joined by ",". The partner's admin role lists its permissions in the database; this server's
 * admin session holds every permission, so it answers every name this server checks.
 */
export function currentPermissionNames(roles: readonly TestRole[], session: Session): string {
  const granted = grantedPermissions(roles, session)
  const names = granted === 'all' ? [...Object.values(ACTION_PERMISSIONS).flat(), ...ENTRY_CATEGORIES_INSERT_PERMISSIONS] : granted
  return [...new Set([...names, ALWAYS_ALLOWED_ACTIONS])].join(',')
}

/**
 * `setrole` wins over the session type (kPermissionManager.php:620-652, getRole at kSessionUtils.class.php:746-769);
 * an unknown role is a kCoreException ID_NOT_FOUND with no data, which the front controller turns into
 * INVALID_OBJECT_ID with ID "N/A" (KalturaFrontController.php:567-569, APIErrors.class.php:59).
 */
function grantedPermissions(roles: readonly TestRole[], session: Session): readonly string[] | 'all' {
  const setRole = session.privileges
    .split(',')
    .map((privilege) => privilege.split(':'))
    .find(([name]) => name === 'setrole')?.[1]
  if (setRole) {
    const role = roles.find((candidate) => String(candidate.id) === setRole || candidate.systemName === setRole)
    if (!role) throw new KalturaApiError('INVALID_OBJECT_ID', { ID: 'N/A' })
    return role.permissions
  }
  if (isWidgetSession(session)) return WIDGET_SESSION_ROLE
  // PARTNER_ADMIN_ROLE holds every permission; type ≥ 1 is an admin session (kSessionBase.class.php:287-290).
  if (session.type >= 1) return 'all'
  return BASE_USER_SESSION_ROLE
}

/** session.start validates `setrole` against the roles (kSessionUtils.class.php:771-796) → UNKNOWN_ROLE_ID. */
export function requireKnownRoles(roles: readonly TestRole[], privileges: string): void {
  for (const roleId of parsePrivileges(privileges).get('setrole') ?? []) {
    if (!roles.some((role) => String(role.id) === roleId || role.systemName === roleId)) throw new KalturaApiError('UNKNOWN_ROLE_ID')
  }
}
