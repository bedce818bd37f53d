import { z } from 'zod';
import type { UnsafeUrlReason } from '../../security/index.js';
import type { UrlProblem } from '../../tasks/target-validation.js';
import { problemSchema } from '../problem.js';
import { csvRowProblemSchema } from './csv-upload.js';

const URL_REASONS = [
  'invalid-url',
  'scheme-not-allowed',
  'userinfo-not-allowed',
  'backslash-not-allowed',
  'too-long',
  'port-not-allowed',
  'non-public-address',
  'unresolvable-host',
] as const satisfies readonly UnsafeUrlReason[];

/** A reason the URL guard gains fails the build here until the schema lists it too. */
const everyReasonListed: Exclude<UnsafeUrlReason, (typeof URL_REASONS)[number]> extends never ? true : never = true;
void everyReasonListed;

/** One refused URL of a submission (`validateTargets`); `line` only when it came from an uploaded file. */
export const urlProblemSchema = z
  .object({
    index: z.number().int().min(0).meta({ description: 'Position of the URL among the submitted ones.', example: 0 }),
    url: z.string().meta({ description: 'The submitted URL, cut at 300 characters.', example: 'http://169.254.169.254/latest/meta-data' }),
    reason: z.enum(URL_REASONS),
    message: z.string().meta({ description: 'What is wrong and how to fix it.', example: 'the host resolves to a non-public address' }),
    line: z.number().int().min(2).optional().meta({ description: 'Line of the uploaded file (CSV submissions only).' }),
  })
  .meta({ id: 'UrlProblem' });

/** The shape `validateTargets` produces must fit the documented one. */
const urlProblemFits: UrlProblem extends Omit<z.infer<typeof urlProblemSchema>, 'reason' | 'line'> ? true : never = true;
void urlProblemFits;

/** The 422 of a submission: every refused URL (or, for a file, every refused row); nothing was stored. */
export const submissionProblemSchema = problemSchema
  .extend({
    errors: z.array(z.union([urlProblemSchema, csvRowProblemSchema])).min(1),
  })
  .meta({ id: 'SubmissionProblem', description: 'Some submitted URLs (or rows of the file) cannot be scraped; fix or remove them and submit again.' });

/** The 429 of a submission or retry: too many of the caller's tasks are pending or running. */
export const activeLimitProblemSchema = problemSchema
  .extend({
    activeTasks: z.number().int().min(0).meta({ example: 5 }),
    limit: z.number().int().min(1).meta({ example: 5 }),
  })
  .meta({ id: 'ActiveTasksProblem' });
