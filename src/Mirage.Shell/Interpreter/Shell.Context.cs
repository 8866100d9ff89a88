using System.Globalization;
using System.Text;
using Mirage.Shell.Expansion;
using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Interpreter;

public sealed partial class Shell
{
    /// <summary>Special and dynamic parameters; null for ordinary names.</summary>
    public string? GetSpecial(string name)
    {
        switch (name)
        {
            case "?":
                return LastStatus.ToString(CultureInfo.InvariantCulture);
            case "#":
                return positional.Count.ToString(CultureInfo.InvariantCulture);
            case "$":
                return runtime.ProcessId.ToString(CultureInfo.InvariantCulture);
            case "!":
                return lastBackgroundPid == 0 ? null : lastBackgroundPid.ToString(CultureInfo.InvariantCulture);
            case "-":
                return OptionLetters();
            case "0":
                return ScriptName;
            case "RANDOM":
                return runtime.Random.Next(32768).ToString(CultureInfo.InvariantCulture);
            case "LINENO":
                return currentLine.ToString(CultureInfo.InvariantCulture);
            case "SECONDS":
                return ((long)(DateTimeOffset.UtcNow - runtime.Started).TotalSeconds).ToString(CultureInfo.InvariantCulture);
            case "EPOCHSECONDS":
                return DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            case "EPOCHREALTIME":
                return (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString("F6", CultureInfo.InvariantCulture);
            case "BASHPID":
                return runtime.ProcessId.ToString(CultureInfo.InvariantCulture);
            case "PWD":
                return WorkingDirectory.Value;
            case "PPID":
                return "4241";
            case "UID" or "EUID":
                return "1000";
            case "SHLVL" when Variables.FindRaw("SHLVL") is null:
                return "1";
            default:
                return null;
        }
    }

    private string OptionLetters()
    {
        var builder = new StringBuilder();
        if (Flags.AllExport)
        {
            builder.Append('a');
        }

        if (Flags.ErrExit)
        {
            builder.Append('e');
        }

        if (Settings.NoGlob)
        {
            builder.Append('f');
        }

        builder.Append('h');
        if (Flags.NoExec)
        {
            builder.Append('n');
        }

        if (Settings.NoUnset)
        {
            builder.Append('u');
        }

        if (Flags.Verbose)
        {
            builder.Append('v');
        }

        if (Flags.XTrace)
        {
            builder.Append('x');
        }

        builder.Append('B');
        if (Flags.NoClobber)
        {
            builder.Append('C');
        }

        if (!IsSubshell || ScriptName == "bash")
        {
            builder.Append('c');
        }

        return builder.ToString();
    }

    public long EvaluateArithmetic(string expression) => Arithmetic.Evaluate(expression, this);

    string? IArithmeticVariables.GetValue(string name, string? subscript)
    {
        if (subscript is null)
        {
            return GetSpecial(name) ?? Variables.Get(name);
        }

        var variable = Variables.Find(name);
        if (variable is null)
        {
            return null;
        }

        if (subscript is "@" or "*")
        {
            return variable.Value;
        }

        return Variables.GetElement(variable, subscript);
    }

    void IArithmeticVariables.SetValue(string name, string? subscript, long value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (subscript is null)
        {
            Variables.Set(name, text);
        }
        else
        {
            Variables.SetElement(name, subscript, text);
        }
    }

    public async ValueTask<string> CommandSubstitutionAsync(Script body, CancellationToken cancellationToken)
    {
        var subshell = CreateSubshell();
        using var buffer = new MemoryStream();
        var table = io.Clone();
        table.Set(1, buffer);
        subshell.io = table;
        int status;
        try
        {
            status = await subshell.RunStatementsAsync(body.Statements, cancellationToken).ConfigureAwait(false);
            if (subshell.Ended)
            {
                status = subshell.LastStatus;
            }

            status = await subshell.RunExitTrapAsync(status, cancellationToken).ConfigureAwait(false);
        }
        catch (Mirage.Vfs.BrokenPipeException)
        {
            status = 141;
        }

        await subshell.WaitForJobsAsync().ConfigureAwait(false);
        lastSubstitutionStatus = status;
        LastStatus = status;
        return Mirage.Shell.Syntax.ShellEncoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public async ValueTask<IReadOnlyList<GlobEntry>?> ListDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        try
        {
            var path = Resolve(directory);
            var entry = await host.StatAsync(path, cancellationToken).ConfigureAwait(false);
            if (entry is null || !entry.IsDirectory)
            {
                return null;
            }

            var result = new List<GlobEntry>();
            await foreach (var child in host.ListAsync(path, cancellationToken).ConfigureAwait(false))
            {
                result.Add(new GlobEntry(child.Name, child.IsDirectory));
            }

            return result;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
