using System.Globalization;

namespace RbIdp.Tests.Reliability;

/// <summary>
/// Resident memory of the stack's processes from <c>/proc</c>, sampled every second while a scenario runs: the peak of
/// each process (with its children — PostgreSQL's backends count towards PostgreSQL) and a reading on demand.
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly IReadOnlyList<(string Name, Func<int?> ProcessId)> _processes;
    private readonly Dictionary<string, long> _peakKb = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler(IReadOnlyList<(string Name, Func<int?> ProcessId)> processes)
    {
        _processes = processes;
        _loop = Task.Run(SampleAsync);
    }

    /// <summary>The highest resident set seen of each process, in MB.</summary>
    public IReadOnlyDictionary<string, long> PeakMb()
    {
        Sample();
        lock (_peakKb)
        {
            return _peakKb.ToDictionary(p => p.Key, p => p.Value / 1024, StringComparer.Ordinal);
        }
    }

    /// <summary>The resident set of each process now, in MB.</summary>
    public IReadOnlyDictionary<string, long> CurrentMb() =>
        _processes.ToDictionary(p => p.Name, p => p.ProcessId() is { } pid ? TreeRssKb(pid) / 1024 : 0, StringComparer.Ordinal);

    /// <summary>
    /// The highest resident set the process has had since it started (the kernel's <c>VmHWM</c>), in MB: exact, where
    /// sampling every second can miss a short peak. 0 for a process that is gone.
    /// </summary>
    public static long HighWaterMarkMb(int pid) => StatusKb(pid, "VmHWM:") / 1024;

    /// <summary>The process whose command line contains every one of <paramref name="parts"/> (NUL-separated arguments joined by spaces).</summary>
    public static int? FindProcess(params string[] parts)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                if (parts.All(part => commandLine.Contains(part, StringComparison.Ordinal)))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // the process ended meanwhile
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private void Sample()
    {
        foreach (var (name, processId) in _processes)
        {
            if (processId() is not { } pid)
            {
                continue;
            }

            var kb = TreeRssKb(pid);
            lock (_peakKb)
            {
                _peakKb[name] = Math.Max(kb, _peakKb.GetValueOrDefault(name));
            }
        }
    }

    /// <summary>VmRSS of a process and of every descendant, in kB; 0 for a process that is gone.</summary>
    private static long TreeRssKb(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ParentOf(pid) is { } parent)
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        long total = 0;
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            total += RssKb(pid);
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                pending.Push(child);
            }
        }

        return total;
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static long RssKb(int pid) => StatusKb(pid, "VmRSS:");

    /// <summary>A field of <c>/proc/PID/status</c> given in kB, or 0.</summary>
    private static long StatusKb(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
