using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Interpreter;

public sealed partial class Shell
{
    /// <summary>shopt names with bash 5.2's defaults for a non-interactive shell.</summary>
    internal static readonly string[] ShoptNames =
    [
        "autocd", "assoc_expand_once", "cdable_vars", "cdspell", "checkhash", "checkjobs", "checkwinsize", "cmdhist",
        "compat31", "compat32", "compat40", "compat41", "compat42", "compat43", "compat44", "complete_fullquote",
        "direxpand", "dirspell", "dotglob", "execfail", "expand_aliases", "extdebug", "extglob", "extquote", "failglob",
        "force_fignore", "globasciiranges", "globskipdots", "globstar", "gnu_errfmt", "histappend", "histreedit",
        "histverify", "hostcomplete", "huponexit", "inherit_errexit", "interactive_comments", "lastpipe", "lithist",
        "localvar_inherit", "localvar_unset", "login_shell", "mailwarn", "no_empty_cmd_completion", "nocaseglob",
        "nocasematch", "noexpand_translation", "nullglob", "patsub_replacement", "progcomp", "progcomp_alias",
        "promptvars", "restricted_shell", "shift_verbose", "sourcepath", "varredir_close", "xpg_echo",
    ];

    private static readonly HashSet<string> ShoptOnByDefault = new(StringComparer.Ordinal)
    {
        "checkwinsize", "cmdhist", "complete_fullquote", "extquote", "force_fignore", "globasciiranges", "globskipdots",
        "hostcomplete", "interactive_comments", "patsub_replacement", "progcomp", "promptvars", "sourcepath",
    };

    private Dictionary<string, bool>? shopts;

    /// <summary>The value of a shopt option; the glob-related ones live in <see cref="Settings"/>.</summary>
    internal bool GetShopt(string name) => name switch
    {
        "dotglob" => Settings.DotGlob,
        "nullglob" => Settings.NullGlob,
        "failglob" => Settings.FailGlob,
        "nocaseglob" => Settings.NoCaseGlob,
        "nocasematch" => Settings.NoCaseMatch,
        "globstar" => Settings.GlobStar,
        _ => shopts?.GetValueOrDefault(name) ?? ShoptOnByDefault.Contains(name),
    };

    internal void SetShopt(string name, bool value)
    {
        switch (name)
        {
            case "dotglob":
                Settings.DotGlob = value;
                break;
            case "nullglob":
                Settings.NullGlob = value;
                break;
            case "failglob":
                Settings.FailGlob = value;
                break;
            case "nocaseglob":
                Settings.NoCaseGlob = value;
                break;
            case "nocasematch":
                Settings.NoCaseMatch = value;
                break;
            case "globstar":
                Settings.GlobStar = value;
                break;
            default:
                shopts ??= new Dictionary<string, bool>(StringComparer.Ordinal);
                shopts[name] = value;
                break;
        }
    }

    internal void CopyShoptsFrom(Shell parent) => shopts = parent.shopts is null ? null : new Dictionary<string, bool>(parent.shopts, StringComparer.Ordinal);

    internal void DefineFunction(FunctionDefinition definition) => functions[definition.Name] = definition;

    internal void RemoveFunction(string name) => functions.Remove(name);

    internal void ShiftPositional(int count) => positional = [.. positional.Skip(count)];
}
