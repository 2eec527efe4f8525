/**
 * Spreading an array into a call's arguments (`Math.max(...xs)`, `out.push(...xs)`, `f.apply(null, xs)`) puts every
 * element on the stack: at about 120k elements V8 throws "Maximum call stack size exceeded". Data-sized arrays must
 * be folded with a loop or `reduce` instead. Array literals (`push(...[a, b])`, `[...xs]`) and spreads into an
 * ordinary call (`call(...args)`, whose arguments are the caller's own few) are fine.
 */
const SPREAD_CALLEES = new Set(['Math.max', 'Math.min', 'Math.hypot', 'String.fromCharCode', 'String.fromCodePoint']);
const APPENDERS = new Set(['push', 'unshift', 'splice']);

/** `a.b` for a member call on an identifier, the property name alone otherwise. */
function calleeName(callee) {
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier')
    return { full: '', name: '' };
  const name = callee.property.name;
  return { full: callee.object.type === 'Identifier' ? `${callee.object.name}.${name}` : '', name };
}

/** @type {import('eslint').Rule.RuleModule} */
export const noDataSpread = {
  meta: {
    type: 'problem',
    docs: { description: 'no spread or apply of a data-sized array into a call (stack overflow past ~120k elements)' },
    messages: {
      spread: '{{call}} spreads an array onto the stack: past ~120k elements it throws. Fold with a loop or reduce.',
      apply: '{{call}} passes an array as arguments: past ~120k elements it throws. Fold with a loop or reduce.',
    },
    schema: [],
  },
  create(context) {
    const text = (node) => context.sourceCode.getText(node).replace(/\s+/g, ' ').slice(0, 60);
    return {
      CallExpression(node) {
        const { full, name } = calleeName(node.callee);
        const spreads = node.arguments.filter((a) => a.type === 'SpreadElement');
        if (spreads.length > 0 && SPREAD_CALLEES.has(full))
          context.report({ node, messageId: 'spread', data: { call: text(node) } });
        else if (APPENDERS.has(name) && spreads.some((s) => s.argument.type !== 'ArrayExpression'))
          context.report({ node, messageId: 'spread', data: { call: text(node) } });
        else if ((name === 'apply' && node.arguments.length === 2) || full === 'Reflect.apply')
          context.report({ node, messageId: 'apply', data: { call: text(node) } });
      },
    };
  },
};

export default { meta: { name: 'mlops-local' }, rules: { 'no-data-spread': noDataSpread } };
