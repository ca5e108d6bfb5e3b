// Stands in for an optional add-on in the bundle (see bundle.mjs): requiring
// it fails as requiring a package that is not installed does, so the library
// that tries it goes on without it.
const error = new Error('Cannot find module (left out of the demystify bundle)');
error.code = 'MODULE_NOT_FOUND';
throw error;
