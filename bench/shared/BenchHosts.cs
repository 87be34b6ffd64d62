/// <summary>Settings the benches give the API and worker they host in process.</summary>
internal static class BenchHosts
{
    /// <summary>
    /// Warnings and errors only: the hosts' JSON lines for every request and run (Information) would bury the bench's own
    /// lines, and the in-process test server warns on every upload that it has no request-size feature (Kestrel has).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> QuietLogs { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointRoutingMiddleware"] = "Error",
    };

    /// <summary><paramref name="settings"/> with <see cref="QuietLogs"/> added.</summary>
    public static Dictionary<string, string?> Quiet(IDictionary<string, string?> settings) =>
        new(settings.Concat(QuietLogs));
}
