namespace RbIdp.Tests.Reliability;

/// <summary>What goes wrong while a scenario's documents are processed.</summary>
public enum Fault
{
    /// <summary>Nothing: the load alone.</summary>
    None,

    /// <summary>The worker process SIGKILLed twice mid-batch, started again each time.</summary>
    WorkerKilled,

    /// <summary>PostgreSQL stopped (fast shutdown) under load, started again after the outage.</summary>
    PostgresDown,

    /// <summary>Redis shut down under load, started again after the outage.</summary>
    RedisDown,

    /// <summary>Object storage (s3rver) killed under load, started again on the same data after the outage.</summary>
    StorageDown,

    /// <summary>The LLM endpoint answering 500 and hanging, turn about, for the whole scenario.</summary>
    LlmFailing,

    /// <summary>The API process SIGKILLed while clients wait on synchronous <c>POST /v1/process</c> calls, then started again.</summary>
    ApiKilled,
}

/// <summary>One row of the reliability report: a fault, how many documents, from how many concurrent clients.</summary>
public sealed record ReliabilityScenario(string Name, Fault Fault, int Jobs, int Clients)
{
    /// <summary>How long a dependency stays down.</summary>
    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The scenarios of issue #15, by name, at the given size.</summary>
    public static IReadOnlyList<ReliabilityScenario> All(int jobs, int clients) =>
    [
        new("load", Fault.None, jobs, clients),
        new("worker-killed", Fault.WorkerKilled, jobs, clients),
        new("postgres-down", Fault.PostgresDown, jobs, clients),
        new("redis-down", Fault.RedisDown, jobs, clients),
        new("storage-down", Fault.StorageDown, jobs, clients),
        new("llm-failing", Fault.LlmFailing, jobs, clients),
        new("api-killed-sync", Fault.ApiKilled, jobs, clients),
    ];

    /// <summary>Clients call <c>POST /v1/process</c> (the answer in the response) instead of <c>POST /v1/jobs</c>.</summary>
    public bool Synchronous => Fault == Fault.ApiKilled;

    /// <summary>The readiness check that must name the dependency while it is down, if the fault takes one down.</summary>
    public string? DependencyCheck => Fault switch
    {
        Fault.PostgresDown => "postgres",
        Fault.RedisDown => "redis",
        Fault.StorageDown => "artifact-store",
        _ => null,
    };

    /// <summary>
    /// Settings for both services (<c>{llm}</c> is the fake LLM's endpoint, <c>{llm-ca}</c> the CA bundle its certificate chains to). Every scenario but the LLM one runs without an
    /// LLM; that one gives each attempt 2 s, so a hanging endpoint costs seconds, not minutes.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings => Fault switch
    {
        Fault.LlmFailing => new Dictionary<string, string>
        {
            ["Llm:Endpoint"] = "{llm}",
            ["Llm:CaBundlePath"] = "{llm-ca}",
            ["Llm:Timeout"] = "00:00:02",
            ["Llm:TotalTimeout"] = "00:00:08",
        },
        _ => new Dictionary<string, string>(),
    };
}
