using Mirage.Commands.Common;

namespace Mirage.Commands.FileSystem.Find;

/// <summary>State of one find invocation: output, exit status, pending "-exec ... +" batches, the quit flag.</summary>
internal sealed class FindRun(CommandIO io)
{
    public CommandIO IO { get; } = io;

    public int Status { get; set; }

    public bool Quit { get; set; }

    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public TimeZoneInfo Zone { get; } = FileFacts.TimeZone(io);

    /// <summary>Batches of "-exec cmd {} +", run when full and at the end.</summary>
    public List<ExecBatch> Batches { get; } = [];
}

/// <summary>The paths gathered for one "-exec ... {} +".</summary>
internal sealed class ExecBatch(IReadOnlyList<string> before, IReadOnlyList<string> after)
{
    public const int MaxPaths = 4096;

    public IReadOnlyList<string> Before { get; } = before;

    public IReadOnlyList<string> After { get; } = after;

    public List<string> Paths { get; } = [];
}
