// Regex rewrite, after Gloo's basicroute plugin (projects/gloo/pkg/plugins/basicroute/plugin.go:
// applyRegexRewrite, with pkg/utils/regexutils ConvertRegexMatchAndSubstitute): the part of the path
// the pattern matches is replaced by the substitution (RE2, `\1` for capture groups) before forwarding.
// The route simulator applies the same rewrite.
import type { RegexMatchAndSubstituteJson } from '../../../gen/gloo/api/external/envoy/type/matcher/v3/regex_pb';
import type { Issue } from '../../served';
import { forwardingOnly } from '../forwarding-only';
import type { CheckContext, Plugin } from '../plugin';

function checkRewrite(r: RegexMatchAndSubstituteJson, ctx: CheckContext): Issue[] {
  const at = `${ctx.field}.regexRewrite`;
  const regex = r.pattern?.regex;
  if (!regex) return [{ severity: 'error', message: `${at}.pattern.regex is required` }];
  const bad = ctx.regex(regex);
  return bad ? [{ severity: 'error', message: `${at}.pattern.regex ${JSON.stringify(regex)} is not valid RE2: ${bad}` }] : [];
}

/** The regex rewrite plugin. */
export const regexRewritePlugin: Plugin = {
  name: 'regex-rewrite',
  routeOptions: ['regexRewrite'],
  checkRoute: (o, action, ctx) => [...forwardingOnly('regexRewrite', action, ctx), ...(o.regexRewrite ? checkRewrite(o.regexRewrite, ctx) : [])],
  routeAction(o, out) {
    const r = o.regexRewrite;
    if (!r?.pattern?.regex) return;
    // A max program size on the pattern stays with Envoy's default engine settings, as in Gloo when it is not lower.
    out.regexRewrite = { pattern: { regex: r.pattern.regex }, substitution: r.substitution ?? '' };
  },
};
