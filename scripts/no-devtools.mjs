// Stands in for react-devtools-core in the bundle (see bundle.mjs): Ink
// connects to React DevTools only when DEV=true, which the product never sets.
export default { initialize() {}, connectToDevTools() {} };
