using Mirage.Commands.Common;

namespace Mirage.Commands.FileSystem;

/// <summary>uname: describes the virtual machine (Linux, x86_64), in GNU's field order.</summary>
public sealed class UnameCommand() : GnuCommand("uname")
{
    private static readonly ArgParser Options = new("asnrvmpio", "all=a", "kernel-name=s", "nodename=n", "kernel-release=r", "kernel-version=v",
        "machine=m", "processor=p", "hardware-platform=i", "operating-system=o", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "David MacKenzie";

    protected override string Help => "Usage: uname [OPTION]...\nPrint certain system information.  With no OPTION, same as -s.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (arguments.Operands.Count > 0) return await io.UsageErrorAsync($"extra operand {Quoting.ShellAlways(arguments.Operands[0])}").ConfigureAwait(false);
        var all = arguments.Has("a");
        var fields = new List<string>();
        var none = arguments.Options.Count == 0;
        if (all || none || arguments.Has("s")) fields.Add("Linux");
        if (all || arguments.Has("n")) fields.Add(io.GetEnvironment("HOSTNAME") ?? "mirage");
        if (all || arguments.Has("r")) fields.Add("6.1.0-mirage");
        if (all || arguments.Has("v")) fields.Add("#1 SMP PREEMPT_DYNAMIC");
        if (all || arguments.Has("m")) fields.Add("x86_64");
        if (arguments.Has("p")) fields.Add("unknown");
        if (arguments.Has("i")) fields.Add("unknown");
        if (all || arguments.Has("o")) fields.Add("GNU/Linux");
        await io.Out.WriteAsync(string.Join(' ', fields) + "\n").ConfigureAwait(false);
        return 0;
    }
}
