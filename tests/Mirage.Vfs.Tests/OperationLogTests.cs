using Mirage.Vfs;

namespace Mirage.Vfs.Tests;

public sealed class OperationLogTests
{
    [Fact]
    public void The_log_keeps_only_its_capacity_newest_last()
    {
        var log = new OperationLog(capacity: 3);
        for (var i = 0; i < 10; i++) log.Record(OperationKind.Read, VPath.Root, VPath.Parse($"/f{i}"), i, TimeSpan.Zero);
        var kept = log.Snapshot();
        Assert.Equal(["/f7", "/f8", "/f9"], kept.Select(r => r.Path.Value));
        Assert.Equal(10, log.Position);
    }

    [Fact]
    public void A_snapshot_from_a_position_shows_only_what_came_after()
    {
        var log = new OperationLog();
        log.Record(OperationKind.Stat, VPath.Root, VPath.Parse("/before"), 0, TimeSpan.Zero);
        var mark = log.Position;
        log.Record(OperationKind.Write, VPath.Root, VPath.Parse("/after"), 5, TimeSpan.Zero);
        var records = log.Snapshot(mark);
        var record = Assert.Single(records);
        Assert.Equal(OperationKind.Write, record.Kind);
        Assert.Equal(5, record.Bytes);
    }
}
