// node-emoji as the bundle has it (see bundle.mjs): marked-terminal imports
// it for :shortcode: emoji, which lesson-text.ts turns off (emoji: false), so
// its 200 KiB table is never read.
module.exports = { get: () => undefined, emojify: (text) => text };
