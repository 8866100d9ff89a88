using System.Diagnostics;
using System.Globalization;

namespace Mirage.Benchmarks;

/// <summary>
/// This process's peak resident set, per workload: Linux lets a process reset its high-water mark
/// (writing 5 to /proc/self/clear_refs), so each workload's peak is measured on its own.
/// </summary>
internal static class PeakMemory
{
    private const string Status = "/proc/self/status";

    /// <summary>Collects everything earlier workloads left, returns freed memory to the system, and restarts the peak.</summary>
    public static void Reset()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        if (File.Exists("/proc/self/clear_refs")) File.WriteAllText("/proc/self/clear_refs", "5");
    }

    /// <summary>The current resident set in bytes.</summary>
    public static long Resident() => ReadStatus("VmRSS:") ?? Environment.WorkingSet;

    /// <summary>The peak resident set since the last <see cref="Reset"/> (since start where it cannot be reset).</summary>
    public static long Peak()
    {
        using var self = Process.GetCurrentProcess();
        return ReadStatus("VmHWM:") ?? self.PeakWorkingSet64;
    }

    private static long? ReadStatus(string field)
    {
        if (!File.Exists(Status)) return null;
        foreach (var line in File.ReadLines(Status))
        {
            if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
            var kilobytes = line[field.Length..].Trim().Split(' ')[0];
            return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
        }
        return null;
    }
}
