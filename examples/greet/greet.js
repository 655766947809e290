/**
 * A demo-desktop JS function: it receives the event's inputs as an array and a context
 * (ctx.signal, ctx.progress, ctx.log, ctx.models, ctx.call, ctx.event) and returns the output value.
 */
export function greet([name]) {
  return `Hello ${name}!`;
}
