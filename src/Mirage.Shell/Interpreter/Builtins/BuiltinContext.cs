using System.Text;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary>A builtin: runs inside the shell with access to its state.</summary>
internal delegate ValueTask<int> Builtin(BuiltinContext context, CancellationToken cancellationToken);

/// <summary>What a builtin gets: the shell, its arguments (without the name) and its descriptors.</summary>
internal sealed class BuiltinContext(Shell shell, string name, IReadOnlyList<string> arguments, IoTable io, IReadOnlyList<DeclarationArgument>? declarations)
{
    public Shell Shell { get; } = shell;

    public string Name { get; } = name;

    public IReadOnlyList<string> Arguments { get; } = arguments;

    public IoTable Io { get; } = io;

    /// <summary>For declaration commands: arguments with assignments kept whole.</summary>
    public IReadOnlyList<DeclarationArgument>? Declarations { get; } = declarations;

    public Stream Stdout => Io.Stdout;

    public ValueTask WriteAsync(string text, CancellationToken cancellationToken)
    {
        if (text.Length == 0)
        {
            return ValueTask.CompletedTask;
        }

        var stdout = Io.Get(1) ?? throw new BadDescriptorException();
        return stdout.WriteAsync(Mirage.Shell.Syntax.ShellEncoding.GetBytes(text), cancellationToken);
    }

    /// <summary>"bash: line N: name: message".</summary>
    public ValueTask ErrorAsync(string message) => Shell.ReportAsync($"{Name}: {message}");

    public async ValueTask<int> UsageAsync(string usage, int status = 2)
    {
        await Shell.WriteErrorAsync($"{Name}: usage: {usage}\n").ConfigureAwait(false);
        return status;
    }

    public async ValueTask<int> InvalidOptionAsync(string option, string usage)
    {
        await ErrorAsync($"{option}: invalid option").ConfigureAwait(false);
        return await UsageAsync(usage).ConfigureAwait(false);
    }

    public static bool IsValidName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

/// <summary>A builtin wrote to a closed descriptor: "write error: Bad file descriptor", status 1.</summary>
internal sealed class BadDescriptorException : IOException
{
    public BadDescriptorException()
        : base("Bad file descriptor")
    {
    }

    public BadDescriptorException(string message)
        : base(message)
    {
    }

    public BadDescriptorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
