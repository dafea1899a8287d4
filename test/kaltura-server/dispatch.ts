// Routes service/action (case-insensitive) to its handler after the session checks, as KalturaDispatcher does.
import { startAppTokenSession } from './appTokens'
import type { Session } from './authentication'
import { addCaption, getCaption, listCaptions, setCaptionContent } from './captions'
import { addCategory, getCategory, listCategories } from './categories'
import { addCategoryEntry, deleteCategoryEntry, listCategoryEntries, withEntryCategories } from './categoryEntries'
import { addEntryWithCategories } from './entryCategoriesAtAdd'
import { KalturaApiError } from './errors'
import { addContent, addEntry, deleteEntry, getEntry, updateEntry } from './media'
import { listEntries } from './mediaList'
import { readString, type ParamTree } from './params'
import { currentPermissionNames, requirePermitted } from './permissions'
import { checkUploadArguments } from './phpLimits'
import type { JsonValue } from './responses'
import type { ServerContext } from './serverContext'
import { startSession, startWidgetSession } from './sessionService'
import { uploadToToken, type FileData } from './tokenUpload'
import { addToken, deleteToken, getToken, listTokens } from './uploadTokens'

interface ApiCall {
  ctx: ServerContext
  params: ParamTree
  fileData: FileData
}

type ActionSpec =
  | { name: string; needsSession: false; run: (call: ApiCall) => Promise<JsonValue> }
  | { name: string; needsSession: true; run: (call: ApiCall, session: Session) => Promise<JsonValue>; checkArguments?: (call: ApiCall) => void }

const CAPTION_ACTIONS: readonly ActionSpec[] = [
  { name: 'add', needsSession: true, run: ({ ctx, params }, session) => addCaption(ctx, session, params) },
  { name: 'setContent', needsSession: true, run: ({ ctx, params }, session) => setCaptionContent(ctx, session, params) },
  { name: 'get', needsSession: true, run: ({ ctx, params }, session) => getCaption(ctx, session, params) },
  { name: 'list', needsSession: true, run: ({ ctx, params }, session) => listCaptions(ctx, session, params) }
]

const SERVICES: Record<string, readonly ActionSpec[]> = {
  session: [
    { name: 'start', needsSession: false, run: ({ ctx, params }) => startSession(ctx, params) },
    { name: 'startWidgetSession', needsSession: false, run: ({ ctx, params }) => startWidgetSession(ctx, params) }
  ],
  apptoken: [{ name: 'startSession', needsSession: true, run: ({ ctx, params }, session) => startAppTokenSession(ctx, session, params) }],
  system: [{ name: 'ping', needsSession: false, run: async () => true }],
  uploadtoken: [
    { name: 'add', needsSession: true, run: ({ ctx, params }, session) => addToken(ctx, session, params) },
    { name: 'get', needsSession: true, run: ({ ctx, params }, session) => getToken(ctx, session, params) },
    { name: 'list', needsSession: true, run: ({ ctx, params }, session) => listTokens(ctx, session, params) },
    { name: 'delete', needsSession: true, run: ({ ctx, params }, session) => deleteToken(ctx, session, params) },
    {
      name: 'upload',
      needsSession: true,
      checkArguments: ({ params, fileData }) => checkUploadArguments(params, fileData),
      run: ({ ctx, params, fileData }, session) => uploadToToken(ctx, session, params, fileData)
    }
  ],
  media: [
    { name: 'add', needsSession: true, run: ({ ctx, params }, session) => addEntryWithCategories(ctx, session, params, addEntry) },
    { name: 'addContent', needsSession: true, run: async ({ ctx, params }, session) => withEntryCategories(ctx, await addContent(ctx, session, params)) },
    { name: 'get', needsSession: true, run: async ({ ctx, params }, session) => withEntryCategories(ctx, await getEntry(ctx, session, params)) },
    { name: 'list', needsSession: true, run: async ({ ctx, params }, session) => withEntryCategories(ctx, await listEntries(ctx, session, params)) },
    { name: 'update', needsSession: true, run: async ({ ctx, params }, session) => withEntryCategories(ctx, await updateEntry(ctx, session, params)) },
    { name: 'delete', needsSession: true, run: ({ ctx, params }, session) => deleteEntry(ctx, session, params) }
  ],
  category: [
    { name: 'add', needsSession: true, run: ({ ctx, params }, session) => addCategory(ctx, session, params) },
    { name: 'get', needsSession: true, run: ({ ctx, params }, session) => getCategory(ctx, session, params) },
    { name: 'list', needsSession: true, run: ({ ctx, params }, session) => listCategories(ctx, session, params) }
  ],
  categoryentry: [
    { name: 'add', needsSession: true, run: ({ ctx, params }, session) => addCategoryEntry(ctx, session, params) },
    { name: 'list', needsSession: true, run: ({ ctx, params }, session) => listCategoryEntries(ctx, session, params) },
    { name: 'delete', needsSession: true, run: ({ ctx, params }, session) => deleteCategoryEntry(ctx, session, params) }
  ],
  // Every role may ask (ALWAYS_ALLOWED_ACTIONS, service.permission.ini:29-36); the call is @ksOptional, but this server
  // answers it only with a KS (a call without one would get the anonymous role's names).
  permission: [{ name: 'getCurrentPermissions', needsSession: true, run: async ({ ctx }, session) => currentPermissionNames(ctx.settings.roles, session) }],
  // A plugin's services are named "{plugin}_{service}" (KalturaServicesMap): the caption plugin's is caption_captionasset.
  caption_captionasset: CAPTION_ACTIONS
}

/** Runs one API call; `service` and `action` as the client sent them. Throws KalturaApiError for API errors. */
export async function dispatch(ctx: ServerContext, service: string, action: string, params: ParamTree, fileData: FileData): Promise<JsonValue> {
  const serviceId = service.toLowerCase()
  const actions = SERVICES[serviceId]
  if (!actions) throw new KalturaApiError('SERVICE_DOES_NOT_EXISTS', { SRV_NAME: service })
  const spec = actions.find((candidate) => candidate.name.toLowerCase() === action.toLowerCase())
  if (!spec) throw new KalturaApiError('ACTION_DOES_NOT_EXISTS', { ACTION_NAME: action, SERVICE_NAME: service })
  const call: ApiCall = { ctx, params, fileData }
  if (!spec.needsSession) return spec.run(call)
  const serviceAction = `${serviceId}->${spec.name}`
  // A KS that is there is read first (KalturaDispatcher.php:88), then the arguments (:96), and only then is a missing
  // KS refused, by the service's permission check (:132, KalturaBaseService.php:156-161).
  const hasKs = (readString(params, 'ks') ?? '') !== ''
  const early = hasKs ? ctx.sessions.require(params, ctx.clock.nowSeconds(), serviceAction) : undefined
  spec.checkArguments?.(call)
  const session = early ?? ctx.sessions.require(params, ctx.clock.nowSeconds(), serviceAction)
  // The KS is validated first (KalturaDispatcher.php:108), then the service checks the role (KalturaBaseService.php:156).
  requirePermitted(ctx.settings.roles, session, serviceId, spec.name)
  return spec.run(call, session)
}
