import type { UrlPolicy } from '../security/index.js';
import type { AppConfig } from './config.js';

/** The URL gate's policy of this deployment: the API (at submission) and the worker (at fetch) use the same one. */
export function urlPolicyOf(config: AppConfig): UrlPolicy {
  return { allowPrivateTargets: config.ALLOW_PRIVATE_TARGETS, maxUrlLength: config.MAX_URL_LENGTH };
}
