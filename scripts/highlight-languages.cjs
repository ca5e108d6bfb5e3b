// highlight.js as the bundle has it (see bundle.mjs): the core and the
// languages lesson code blocks are written in, instead of all ~190, whose
// registration alone costs a noticeable part of the UI's start-up.
// cli-highlight (through marked-terminal) uses this like the full module; a
// block in another language is shown plain, as an unknown language is.
const hljs = require('highlight.js/lib/core');

const languages = {
  bash: require('highlight.js/lib/languages/bash'), // also sh, zsh
  shell: require('highlight.js/lib/languages/shell'), // also console
  yaml: require('highlight.js/lib/languages/yaml'),
  json: require('highlight.js/lib/languages/json'),
  ini: require('highlight.js/lib/languages/ini'), // also toml
  plaintext: require('highlight.js/lib/languages/plaintext'), // also text, txt
  go: require('highlight.js/lib/languages/go'),
  python: require('highlight.js/lib/languages/python'),
  javascript: require('highlight.js/lib/languages/javascript'),
  dockerfile: require('highlight.js/lib/languages/dockerfile'),
  diff: require('highlight.js/lib/languages/diff'),
  xml: require('highlight.js/lib/languages/xml'),
  makefile: require('highlight.js/lib/languages/makefile'),
  nginx: require('highlight.js/lib/languages/nginx'),
};
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);

module.exports = hljs;
