// PHP's request limits as a Kaltura server surfaces them: a part over upload_max_filesize, a body over post_max_size.
// Read from kaltura/server HEAD c447fdb3eb (lines cited where each is used); PHP's own rules are from its manual.
import type { KalturaTestServerOptions } from './api'
import { KalturaApiError } from './errors'
import { readString, type ParamTree } from './params'
import type { FileData } from './tokenUpload'

export interface RequestLimits {
  /** upload_max_filesize: a fileData part larger than this arrives with UPLOAD_ERR_INI_SIZE and no temp file. */
  partLimitBytes: number | null
  /** post_max_size: a request body (Content-Length) larger than this loses every POST field and file part. */
  bodyLimitBytes: number | null
}

export function limitsFrom(options: KalturaTestServerOptions): RequestLimits {
  return { partLimitBytes: options.partLimitBytes ?? null, bodyLimitBytes: options.bodyLimitBytes ?? null }
}

/** PHP compares the declared Content-Length with post_max_size before reading anything ($_POST and $_FILES stay empty). */
export function bodyOverLimit(limits: RequestLimits, contentLength: string | undefined): boolean {
  const declared = Number(contentLength)
  return limits.bodyLimitBytes !== null && Number.isFinite(declared) && declared > limits.bodyLimitBytes
}

/** A part PHP refused keeps its name but has no temp file: `error` is set, `tmp_name` is empty. */
export function partOverLimit(limits: RequestLimits, fileData: FileData): FileData {
  if (fileData?.kind !== 'file' || limits.partLimitBytes === null || fileData.part.length <= limits.partLimitBytes) return fileData
  return { kind: 'refused' }
}

/**
 * What KalturaRequestDeserializer::buildActionArguments checks for uploadToken.upload, after the KS is read
 * (KalturaDispatcher.php:88) and before the service checks its permission (KalturaDispatcher.php:96 before :132):
 * the mandatory uploadTokenId (KalturaRequestDeserializer.php:195), then the file (validateFile, :292-298, UPLOAD_ERROR
 * "Upload failed" from KalturaErrors.php:458 when PHP kept no temp file). So a body over post_max_size, which lost the
 * KS and uploadTokenId, gets MISSING_MANDATORY_PARAMETER rather than SERVICE_FORBIDDEN; and in XML, as `format` went too.
 */
export function checkUploadArguments(params: ParamTree, fileData: FileData): void {
  if ((readString(params, 'uploadTokenId') ?? '') === '') throw new KalturaApiError('MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'uploadTokenId' })
  if (fileData?.kind === 'refused') throw new KalturaApiError('UPLOAD_ERROR')
}
