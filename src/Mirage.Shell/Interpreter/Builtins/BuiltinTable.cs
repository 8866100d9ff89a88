using System.Diagnostics.CodeAnalysis;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary>The builtins by name.</summary>
internal static class BuiltinTable
{
    private static readonly Dictionary<string, Builtin> Table = new(StringComparer.Ordinal)
    {
        [":"] = TrueBuiltin.RunAsync,
        ["true"] = TrueBuiltin.RunAsync,
        ["false"] = FalseBuiltin.RunAsync,
        ["echo"] = EchoBuiltin.RunAsync,
        ["printf"] = PrintfBuiltin.RunAsync,
        ["cd"] = CdBuiltin.RunAsync,
        ["pwd"] = PwdBuiltin.RunAsync,
        ["read"] = ReadBuiltin.RunAsync,
        ["mapfile"] = MapfileBuiltin.RunAsync,
        ["readarray"] = MapfileBuiltin.RunAsync,
        ["export"] = ExportBuiltin.RunAsync,
        ["readonly"] = ReadonlyBuiltin.RunAsync,
        ["unset"] = UnsetBuiltin.RunAsync,
        ["local"] = DeclareBuiltin.RunAsync,
        ["declare"] = DeclareBuiltin.RunAsync,
        ["typeset"] = DeclareBuiltin.RunAsync,
        ["set"] = SetBuiltin.RunAsync,
        ["shopt"] = ShoptBuiltin.RunAsync,
        ["shift"] = ShiftBuiltin.RunAsync,
        ["getopts"] = GetoptsBuiltin.RunAsync,
        ["eval"] = EvalBuiltin.RunAsync,
        ["source"] = SourceBuiltin.RunAsync,
        ["."] = SourceBuiltin.RunAsync,
        ["exit"] = ExitBuiltin.RunAsync,
        ["return"] = ReturnBuiltin.RunAsync,
        ["break"] = BreakBuiltin.RunAsync,
        ["continue"] = BreakBuiltin.RunAsync,
        ["test"] = TestBuiltin.RunAsync,
        ["["] = TestBuiltin.RunAsync,
        ["type"] = TypeBuiltin.RunAsync,
        ["command"] = CommandBuiltin.RunAsync,
        ["builtin"] = CommandBuiltin.RunBuiltinAsync,
        ["which"] = WhichBuiltin.RunAsync,
        ["alias"] = AliasBuiltin.RunAsync,
        ["unalias"] = AliasBuiltin.RunUnaliasAsync,
        ["trap"] = TrapBuiltin.RunAsync,
        ["let"] = LetBuiltin.RunAsync,
        ["exec"] = ExecBuiltin.RunAsync,
        ["wait"] = WaitBuiltin.RunAsync,
        ["times"] = TimesBuiltin.RunAsync,
        ["umask"] = UmaskBuiltin.RunAsync,
        ["bash"] = BashBuiltin.RunAsync,
        ["sh"] = BashBuiltin.RunAsync,
        ["sleep"] = SleepBuiltin.RunAsync,
        ["hash"] = TrueBuiltin.RunAsync,
    };

    /// <summary>Names <c>type</c> reports as shell builtins (bash and sh are programs to it).</summary>
    public static bool IsShellBuiltin(string name) => Table.ContainsKey(name) && name is not ("bash" or "sh" or "which" or "sleep");

    public static bool Contains(string name) => Table.ContainsKey(name);

    public static bool TryGet(string name, [NotNullWhen(true)] out Builtin? builtin) => Table.TryGetValue(name, out builtin);
}
