// What root is used for and for how long, in the words every place that asks
// for it shows (the UI's password screen, the terminal prompt of the headless
// commands, the docs): one statement, so none of them says more or less than
// the root helper does (protocol.ts).

/** Said before the password is asked, after the chapter's own reason. */
export const ROOT_USE =
  "Root is used only for the nodes: making them (namespaces, cgroups, a network of their own), and running their components and the steps marked 'as root' inside them. It is held by demystify's root helper from now until you quit; the helper then undoes everything it made and ends. A node shares your files (all but /tmp, /run, /var/lib and /var/log), so read what a step runs as root before you let it.";
