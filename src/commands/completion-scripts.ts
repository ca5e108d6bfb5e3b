// The scripts `demystify completion bash|zsh|fish` prints: each asks
// `demystify __complete <words...>` on every Tab (completion.ts answers), so
// they never change when a command or a chapter is added. Apart from
// completion.ts so that the command table, whose `completion` row prints them,
// and the candidates, which read the table, do not import each other.
import { CliError } from './cli-error.js';

const BASH = `# bash completion for demystify; in ~/.bashrc:
#   eval "$(demystify completion bash)"
_demystify() {
  local cur=\${COMP_WORDS[COMP_CWORD]} line IFS=$'\\n'
  local -a out
  out=($(demystify __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
  COMPREPLY=()
  case \${out[0]} in
    :dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
    :file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
    *) for line in "\${out[@]}"; do COMPREPLY+=("\${line%%$'\\t'*}"); done ;;
  esac
}
complete -F _demystify demystify
`;

const ZSH = `#compdef demystify
# zsh completion for demystify; in ~/.zshrc, after compinit:
#   eval "$(demystify completion zsh)"
_demystify() {
  local line
  local -a out items
  out=("\${(@f)$(demystify __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  case $out[1] in
    :dir) _files -/ ;;
    :file) _files ;;
    *)
      for line in $out; do
        [[ -n $line ]] && items+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
      done
      _describe -t demystify demystify items ;;
  esac
}
compdef _demystify demystify
`;

const FISH = `# fish completion for demystify; in ~/.config/fish/config.fish:
#   demystify completion fish | source
function __demystify_complete
    set -l cur (commandline -ct)
    set -l words (commandline -opc) "$cur"
    set -l out (demystify __complete $words[2..-1] 2>/dev/null)
    switch "$out[1]"
        case :dir
            __fish_complete_directories "$cur"
        case :file
            __fish_complete_path "$cur"
        case '*'
            printf '%s\\n' $out
    end
end
complete -c demystify -f -a '(__demystify_complete)'
`;

const SHELLS = { bash: BASH, zsh: ZSH, fish: FISH } as const;

export function completionScript(shell: string): string {
  const script = SHELLS[shell as keyof typeof SHELLS];
  if (!script) throw new CliError(`no completion for "${shell}": choose bash, zsh or fish`);
  return script.trimEnd();
}
