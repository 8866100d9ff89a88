using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Expansion;

/// <summary>Switches that change how words expand (set -u, set -f, shopt globs).</summary>
public sealed class ExpansionSettings
{
    public bool NoUnset { get; set; }

    public bool NoGlob { get; set; }

    public bool NullGlob { get; set; }

    public bool FailGlob { get; set; }

    public bool DotGlob { get; set; }

    public bool NoCaseGlob { get; set; }

    public bool NoCaseMatch { get; set; }

    public bool GlobStar { get; set; }

    public bool ExtGlob { get; set; } = true;

    public ExpansionSettings Clone() => (ExpansionSettings)MemberwiseClone();
}

/// <summary>One directory entry as globbing needs it.</summary>
public readonly record struct GlobEntry(string Name, bool IsDirectory);

/// <summary>What the expander reaches out to: the shell's state and the world, through hooks.</summary>
public interface IExpansionContext
{
    VariableStore Variables { get; }

    ExpansionSettings Settings { get; }

    /// <summary>$1, $2, ... (without $0).</summary>
    IReadOnlyList<string> Positional { get; }

    /// <summary>The value of a special or dynamic parameter ($?, $$, $0, $RANDOM, $LINENO...); null when <paramref name="name"/> is not one.</summary>
    string? GetSpecial(string name);

    string? HomeDirectory { get; }

    long EvaluateArithmetic(string expression);

    /// <summary>Runs the body in a subshell and returns its standard output (trailing newlines kept).</summary>
    ValueTask<string> CommandSubstitutionAsync(Script body, CancellationToken cancellationToken);

    /// <summary>Starts the body and returns a path that reads (or writes) its data.</summary>
    ValueTask<string> ProcessSubstitutionAsync(Script body, bool output, CancellationToken cancellationToken);

    /// <summary>The entries of a directory given as the user wrote it (relative to the working directory); null when it is not a directory.</summary>
    ValueTask<IReadOnlyList<GlobEntry>?> ListDirectoryAsync(string directory, CancellationToken cancellationToken);
}
