using Mirage.Commands.Common;

namespace Mirage.Commands.FileSystem;

/// <summary>
/// nproc, whoami, hostname: facts of the virtual machine an agent sees, not of the host process
/// (user from USER, host from HOSTNAME, processors of this process).
/// </summary>
public sealed class HostInfoCommand(string name) : GnuCommand(name)
{
    private static readonly ArgParser NprocOptions = new("", "all", "ignore:", "help", "version");
    private static readonly ArgParser PlainOptions = new("", "help", "version");
    private static readonly ArgParser HostnameOptions = new("fsi", "fqdn=f", "short=s", "ip-address=i", "help", "version");

    protected override ArgParser Parser => Name switch { "nproc" => NprocOptions, "hostname" => HostnameOptions, _ => PlainOptions };

    protected override string Help => $"Usage: {Name} [OPTION]...\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Operands.Count > 0 && Name != "hostname") return await io.UsageErrorAsync($"extra operand {Quoting.ShellAlways(arguments.Operands[0])}").ConfigureAwait(false);
        var text = Name switch
        {
            "nproc" => Math.Max(1, Environment.ProcessorCount - (int.TryParse(arguments.Last("ignore"), out var ignore) ? ignore : 0)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "whoami" => io.GetEnvironment("USER") ?? "user",
            _ => arguments.Has("i") ? "127.0.0.1" : io.GetEnvironment("HOSTNAME") ?? "mirage",
        };
        await io.Out.WriteAsync(text + "\n").ConfigureAwait(false);
        return 0;
    }
}
