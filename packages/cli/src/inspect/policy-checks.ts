/**
 * The checks of a route's permission model, explained from the decoded token and the flags:
 * audience, organization, scopes, and which model the token fits.
 *
 * @module
 */
import { parseScope } from 'logto-guard';
import { audienceList, audienceOrganization, fitsModel, looksLikeIdToken } from './decode-token.js';
import { type Check, MODEL_TITLES, type ModelName } from './diagnosis.js';
import type { CheckContext } from './token-checks.js';

const howToRequest: Record<ModelName, string> = {
  global: 'resource=<indicator> and no organization_id',
  organization: 'organization_id=<id> and no resource',
  'organization-api': 'resource=<indicator> and organization_id=<id>',
};

/** For the organization model: `aud` is an organization audience. Else: `aud` is one of `--audience`. */
export function audienceCheck(context: CheckContext): Check {
  const name = 'audience';
  const { claims, audiences, model } = context;
  const aud = audienceList(claims.aud).join(', ') || 'absent';
  const tokenOrganization = audienceOrganization(claims.aud);
  if (model === 'organization') {
    if (tokenOrganization !== undefined)
      return { name, status: 'pass', detail: `organization token (${aud})` };
    return {
      name,
      status: 'fail',
      detail: `${aud} is not an organization audience (urn:logto:organization:<id>)`,
      hint: `this is an API token: for organization permissions request a token with ${howToRequest.organization}`,
    };
  }
  if (audiences.length === 0) {
    return {
      name,
      status: 'skip',
      detail: `not compared: the token is for ${aud}`,
      hint: 'pass --audience <your API indicator> to check that the token is for your API',
    };
  }
  const expected = audiences.join(', ');
  if (audienceList(claims.aud).some((item) => audiences.includes(item))) {
    return { name, status: 'pass', detail: aud };
  }
  let hint = `a token for another API (${aud}): request it with resource=${audiences[0]}; if ${aud} is this API, pass --audience ${aud}`;
  if (tokenOrganization !== undefined) {
    hint = `this is an organization token (organization ${tokenOrganization}), not a token for an API: request it with resource=${audiences[0]}, or check organization permissions with --model organization --organization ${tokenOrganization}`;
  } else if (looksLikeIdToken(context.header, claims)) {
    hint = `an ID token's aud is the client app: send an access token requested with resource=${audiences[0]}`;
  }
  return { name, status: 'fail', detail: `${aud} is not ${expected}`, hint };
}

function compareOrganization(tokenOrganization: string, organization: string | undefined): Check {
  const name = 'organization';
  if (organization === undefined) {
    return {
      name,
      status: 'skip',
      detail: `not compared: the token is for organization ${tokenOrganization}`,
      hint: 'pass --organization <id> (the organization of the request) to check it',
    };
  }
  if (tokenOrganization === organization) return { name, status: 'pass', detail: organization };
  return {
    name,
    status: 'fail',
    detail: `the token is for organization ${tokenOrganization}, the request for ${organization}`,
    hint: `get a token with organization_id=${organization} (the application or user must be a member of it)`,
  };
}

/**
 * Global: no `organization_id`. Organization: the organization in `aud` is `--organization`.
 * Organization-level API: `organization_id` is `--organization`.
 */
export function organizationCheck({ claims, model, organization }: CheckContext): Check {
  const name = 'organization';
  const organizationId = typeof claims.organization_id === 'string' ? claims.organization_id : undefined;
  if (model === 'global') {
    if (organizationId === undefined) return { name, status: 'pass', detail: 'no organization_id' };
    return {
      name,
      status: 'fail',
      detail: `organization_id ${organizationId}: an organization token on a global API`,
      hint: `its scopes hold for organization ${organizationId} only, so a global API must reject it: request the token without organization_id, or check an organization-level route with --model organization-api --organization ${organizationId}`,
    };
  }
  const tokenOrganization = model === 'organization' ? audienceOrganization(claims.aud) : organizationId;
  if (tokenOrganization === undefined) {
    return {
      name,
      status: 'fail',
      detail: model === 'organization' ? 'no organization in aud' : 'no organization_id: a global API token',
      hint: `request the token with ${howToRequest[model]}${organization === undefined ? '' : ` (organization_id=${organization})`}`,
    };
  }
  return compareOrganization(tokenOrganization, organization);
}

/** Every `--scope` is in the token's `scope` claim, compared exactly. */
export function scopesCheck({ claims, scopes }: CheckContext): Check {
  const name = 'scopes';
  const granted = parseScope(claims.scope);
  if (granted === undefined) return { name, status: 'fail', detail: '"scope" is not a string' };
  const grantedText =
    granted.length > 0 ? granted.join(' ') : claims.scope === undefined ? 'none (no scope claim)' : 'none';
  if (scopes.length === 0) {
    return {
      name,
      status: 'skip',
      detail: `none required; granted: ${grantedText}`,
      hint: 'pass --scope <permission> to check what a route needs',
    };
  }
  const missing = scopes.filter((scope) => !granted.includes(scope));
  if (missing.length === 0) return { name, status: 'pass', detail: `granted: ${grantedText}` };
  const noScopeAsked = claims.scope === undefined ? '; a token request without scope gets none' : '';
  return {
    name,
    status: 'fail',
    detail: `missing ${missing.join(' ')} (granted: ${grantedText})`,
    hint: `request the token with scope="${scopes.join(' ')}" and make sure the roles grant ${missing.join(', ')}: Logto grants only the requested permissions the roles allow${noScopeAsked}`,
  };
}

/** The model the token's shape fits, against the model it is checked as. */
export function modelCheck({ claims, model, modelSource }: CheckContext): Check {
  const name = 'model';
  const fits = fitsModel(claims);
  const source = { flag: '--model', flags: 'chosen from the flags', token: 'chosen from the token' }[
    modelSource
  ];
  if (fits === model) {
    return { name, status: 'pass', detail: `${MODEL_TITLES[fits]} (${model}, ${source})` };
  }
  const hint =
    fits === 'organization-api' && model === 'global'
      ? 'organization-level API tokens hold their scopes for one organization: protect such routes with organizationApi() (--model organization-api)'
      : `a ${MODEL_TITLES[model]} token is requested with ${howToRequest[model]}`;
  return {
    name,
    status: 'fail',
    detail: `the token fits ${MODEL_TITLES[fits]} (${fits}), checked as ${MODEL_TITLES[model]} (${model}, ${source})`,
    hint,
  };
}
