// Kubernetes label-selector expressions as Gloo uses them for RouteTable selectors and Gateway
// virtualServiceExpressions (k8s.io/apimachinery/pkg/labels: NewRequirement, Requirement.Matches).
// Plain label sets are matched by model/resource's matchesLabels.

/** The operators of Gloo's selector expressions, in enum order (RouteTableSelector.Expression.Operator). */
export const LABEL_OPERATORS = ['Equals', 'DoubleEquals', 'NotEquals', 'In', 'NotIn', 'Exists', 'DoesNotExist', 'GreaterThan', 'LessThan'] as const;

/** One of LABEL_OPERATORS. */
export type LabelOperator = (typeof LABEL_OPERATORS)[number];

/** One requirement on labels, as written in YAML (the operator by name or by enum number). */
export interface LabelExpression {
  readonly key?: string;
  readonly operator?: string | number;
  readonly values?: readonly string[];
}

/** The operator an expression names; undefined when it names none Gloo knows. */
export function operatorOf(e: LabelExpression): LabelOperator | undefined {
  const op = e.operator ?? 0;
  if (typeof op === 'number') return LABEL_OPERATORS[op];
  return (LABEL_OPERATORS as readonly string[]).includes(op) ? (op as LabelOperator) : undefined;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const INTEGER = /^[+-]?\d+$/;

/** Why an expression cannot be used, as labels.NewRequirement checks it; undefined when it is fine. */
export function expressionProblem(e: LabelExpression): string | undefined {
  const op = operatorOf(e);
  const values = e.values ?? [];
  const keyBad = labelKeyProblem(e.key ?? '');
  if (keyBad) return `key "${e.key ?? ''}" ${keyBad}`;
  if (!op) return `operator ${JSON.stringify(e.operator)} is not one of ${LABEL_OPERATORS.join(', ')}`;
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) return `${op} needs at least one value`;
      break;
    case 'Equals':
    case 'DoubleEquals':
    case 'NotEquals':
      if (values.length !== 1) return `${op} needs exactly one value (has ${values.length})`;
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) return `${op} takes no values (has ${values.length})`;
      break;
    default:
      if (values.length !== 1) return `${op} needs exactly one value (has ${values.length})`;
      if (!INTEGER.test(values[0])) return `${op} needs an integer value, not "${values[0]}"`;
  }
  const bad = values.find((v) => v.length > 63 || !LABEL_VALUE.test(v));
  return bad === undefined ? undefined : `value "${bad}" is not a valid label value`;
}

function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? '' : key.slice(0, slash);
  if (slash >= 0 && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return 'has an invalid prefix';
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) return 'is not a valid label key';
  return undefined;
}

/** Whether labels satisfy every expression (logical AND); expressions must be valid (see expressionProblem). */
export function matchesExpressions(labels: Readonly<Record<string, string>> | undefined, expressions: readonly LabelExpression[]): boolean {
  return expressions.every((e) => matchesExpression(labels ?? {}, e));
}

function matchesExpression(labels: Readonly<Record<string, string>>, e: LabelExpression): boolean {
  const key = e.key ?? '';
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  const values = e.values ?? [];
  switch (operatorOf(e)) {
    case 'In':
    case 'Equals':
    case 'DoubleEquals':
      return has && values.includes(labels[key]);
    case 'NotIn':
    case 'NotEquals':
      return !has || !values.includes(labels[key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'GreaterThan':
    case 'LessThan': {
      if (!has || !INTEGER.test(labels[key])) return false;
      const have = BigInt(labels[key]);
      const want = BigInt(values[0]);
      return operatorOf(e) === 'GreaterThan' ? have > want : have < want;
    }
    default:
      return false;
  }
}
