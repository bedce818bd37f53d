import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { scheduleCreateSchema, scheduleListSchema, schedulePatchSchema, scheduleViewSchema } from '../../monitoring/schedule.schemas.js';
import { validationProblemSchema } from '../problem.js';
import { problemSchema } from '../problem.js';
import { urlProblemSchema } from '../tasks/submission-problems.js';
import { idParamSchema } from '../validate.js';
import { emailNotConfirmed } from './account-paths.js';
import { ANY_REQUEST_ERRORS, SIGNED_IN, STATE_CHANGE_ERRORS, emptyJsonBody, json, problem, responses } from './responses.js';

const tags = ['schedules'];
const idPath = z.object({ id: idParamSchema });

const scheduleProblemSchema = problemSchema
  .extend({
    errors: z.array(urlProblemSchema).min(1).optional().meta({ description: 'The URLs that cannot be scraped.' }),
    intervalSecs: z.number().int().optional().meta({ description: 'Shortest time between two runs of the requested timing.' }),
    minIntervalSecs: z.number().int().optional().meta({ description: 'MIN_SCHEDULE_INTERVAL_SECS of this deployment.' }),
  })
  .meta({ id: 'ScheduleProblem' });
const unprocessable = problem(
  'Invalid alert settings (`errors` names each field, such as `alerts.0.value` or `webhook.url`: a rule without its value or with one out of range, a secret under 16 characters, a webhook URL the URL gate refuses), an interval shorter than the minimum, or URLs that cannot be scraped; nothing was stored.',
  z.union([scheduleProblemSchema, validationProblemSchema]),
);
const scheduleLimitSchema = problemSchema
  .extend({ schedules: z.number().int().min(0), limit: z.number().int().min(1) })
  .meta({ id: 'ScheduleLimitProblem' });
const temporalDown = problem('The database or Temporal is not reachable (a schedule that Temporal refused is not kept); retry in a moment.');

/** Recurring price checks (api/schedules.routes.ts mounted at `/api/schedules`). */
export function schedulePaths(maxUrls: number): ZodOpenApiPathsObject {
  return {
    '/api/schedules': {
      post: {
        operationId: 'createSchedule',
        tags,
        summary: 'Check the prices of these URLs regularly',
        description:
          'A Temporal schedule `price-schedule-<id>` starts a run `every` interval (ISO 8601 duration) or at the times of `cron` (in `timezone`). Each run is an ordinary price task (`scheduleId` set). A run still going when the next is due makes that one skipped (overlap policy skip); after an outage only runs missed within `SCHEDULE_CATCHUP_WINDOW_SECS` start. Intervals below `MIN_SCHEDULE_INTERVAL_SECS` answer 422; more than `MAX_SCHEDULES_PER_USER` schedules answer 429.',
        security: SIGNED_IN,
        requestBody: { required: true, content: { 'application/json': { schema: scheduleCreateSchema(maxUrls) } } },
        responses: responses(
          {
            201: json('The schedule was created in Temporal.', scheduleViewSchema, {
              headers: z.object({ Location: z.string().meta({ description: 'The schedule.', example: '/api/schedules/7' }) }),
            }),
            403: emailNotConfirmed,
            422: unprocessable,
            429: problem('You have as many schedules as allowed; delete one first.', scheduleLimitSchema),
            503: temporalDown,
          },
          [...STATE_CHANGE_ERRORS, ...ANY_REQUEST_ERRORS],
        ),
      },
      get: {
        operationId: 'listSchedules',
        tags,
        summary: "The caller's schedules, newest first",
        security: SIGNED_IN,
        responses: responses({ 200: json('Every schedule of the caller.', scheduleListSchema) }, [...ANY_REQUEST_ERRORS]),
      },
    },
    '/api/schedules/{id}': {
      get: {
        operationId: 'getSchedule',
        tags,
        summary: 'One schedule with its next run time',
        description: "Other users' schedules answer 404, like schedules that do not exist.",
        security: SIGNED_IN,
        requestParams: { path: idPath },
        responses: responses({ 200: json('The schedule.', scheduleViewSchema) }, [400, 404, ...ANY_REQUEST_ERRORS]),
      },
      patch: {
        operationId: 'updateSchedule',
        tags,
        summary: 'Change a schedule: name, URLs, region, timing, alert rules, webhook, email',
        description:
          'Any of the fields of `POST`. `every` or `cron` switches the timing to that kind (the Temporal schedule is updated with it); `timezone` alone changes the zone of a `cron`. `webhook: null` removes the webhook, `name: null` / `region: null` clear them. The secret is never returned (`webhook.hasSecret`).',
        security: SIGNED_IN,
        requestParams: { path: idPath },
        requestBody: { required: true, content: { 'application/json': { schema: schedulePatchSchema(maxUrls) } } },
        responses: responses(
          { 200: json('The changed schedule.', scheduleViewSchema), 403: emailNotConfirmed, 422: unprocessable, 503: temporalDown },
          [...STATE_CHANGE_ERRORS, 404, ...ANY_REQUEST_ERRORS],
        ),
      },
      delete: {
        operationId: 'deleteSchedule',
        tags,
        summary: 'Delete a schedule and its Temporal schedule',
        description:
          'A run already going finishes; the tasks of past runs stay, with `scheduleId` null. Like every state change, send it as `application/json` (the body `{}`).',
        security: SIGNED_IN,
        requestParams: { path: idPath },
        requestBody: emptyJsonBody,
        responses: responses({ 204: { description: 'Deleted.' } }, [...STATE_CHANGE_ERRORS, 404, ...ANY_REQUEST_ERRORS]),
      },
    },
    '/api/schedules/{id}/pause': {
      post: {
        operationId: 'pauseSchedule',
        tags,
        summary: 'Stop starting runs until resumed',
        description: 'A run already going finishes. While paused, `trigger` answers 409.',
        security: SIGNED_IN,
        requestParams: { path: idPath },
        requestBody: emptyJsonBody,
        responses: responses({ 200: json('The paused schedule.', scheduleViewSchema) }, [...STATE_CHANGE_ERRORS, 404, ...ANY_REQUEST_ERRORS]),
      },
    },
    '/api/schedules/{id}/resume': {
      post: {
        operationId: 'resumeSchedule',
        tags,
        summary: 'Start runs again at the scheduled times',
        description: 'Times missed while paused are not made up.',
        security: SIGNED_IN,
        requestParams: { path: idPath },
        requestBody: emptyJsonBody,
        responses: responses({ 200: json('The resumed schedule.', scheduleViewSchema), 403: emailNotConfirmed }, [...STATE_CHANGE_ERRORS, 404, ...ANY_REQUEST_ERRORS]),
      },
    },
    '/api/schedules/{id}/trigger': {
      post: {
        operationId: 'triggerSchedule',
        tags,
        summary: 'Start a run now',
        description:
          'The run appears as a price task with this `scheduleId` (`lastTaskId` once stored). If a run is still going, this one is skipped (overlap policy skip). A paused schedule answers 409.',
        security: SIGNED_IN,
        requestParams: { path: idPath },
        requestBody: emptyJsonBody,
        responses: responses(
          { 202: json('The run was requested.', scheduleViewSchema), 403: emailNotConfirmed, 409: problem('The schedule is paused; resume it first.') },
          [...STATE_CHANGE_ERRORS, 404, ...ANY_REQUEST_ERRORS],
        ),
      },
    },
  };
}
