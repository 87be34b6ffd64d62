using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace RbIdp.Tests.Architecture;

/// <summary>
/// One direction through the code: the document pipeline (what the <c>check</c> command runs) knows nothing of the run
/// machinery that stores, queues and serves runs, nor of any host framework; the two hosts do not know each other;
/// and no folder of the pipeline depends, however indirectly, on a folder that depends on it.
/// </summary>
public sealed class LayerTests
{
    private const string Pipeline = "RbIdp.Pipeline";
    private const string RunLayer = "RbIdp.Pipeline.Runs";

    /// <summary>Namespaces of the frameworks only a host or the run machinery may touch.</summary>
    private static readonly string[] HostFrameworks =
        ["Hangfire", "Microsoft.EntityFrameworkCore", "Npgsql", "StackExchange.Redis", "Microsoft.AspNetCore", "Minio", "Aspire"];

    private static readonly ArchUnitNET.Domain.Architecture Code = new ArchLoader()
        .LoadAssemblies(
            typeof(global::RbIdp.Pipeline.Processing.DocumentPipeline).Assembly,
            typeof(global::RbIdp.Api.Apis.JobsApi).Assembly,
            typeof(global::RbIdp.Worker.Jobs.ProcessDocumentJob).Assembly)
        .Build();

    private static readonly IObjectProvider<IType> DocumentLayer =
        Types().That().ResideInNamespaceMatching(@"^RbIdp\.Pipeline(\.(?!Runs(\.|$))[\w.]+)?$").As("the document pipeline");

    private static readonly IObjectProvider<IType> RunMachinery =
        Types().That().ResideInNamespaceMatching(@"^RbIdp\.Pipeline\.Runs(\..+)?$").As("the run machinery");

    [Fact]
    public void The_document_pipeline_does_not_use_the_run_machinery() =>
        Types().That().Are(DocumentLayer).Should().NotDependOnAny(RunMachinery).Check(Code);

    [Fact]
    public void The_document_pipeline_uses_no_host_framework()
    {
        var offending = DependenciesOf(t => InDocumentLayer(t.Namespace.FullName))
            .Where(d => HostFrameworks.Any(f => d.Target == f || d.Target.StartsWith(f + ".", StringComparison.Ordinal)))
            .Select(d => $"{d.Source} → {d.TargetType}")
            .Distinct()
            .ToList();

        Assert.True(offending.Count == 0, "The document pipeline uses a host framework:\n" + string.Join('\n', offending));
    }

    [Fact]
    public void The_api_and_the_worker_do_not_know_each_other()
    {
        Types().That().ResideInNamespaceMatching(@"^RbIdp\.Api(\..+)?$").Should()
            .NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^RbIdp\.Worker(\..+)?$")).Check(Code);
        Types().That().ResideInNamespaceMatching(@"^RbIdp\.Worker(\..+)?$").Should()
            .NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^RbIdp\.Api(\..+)?$")).Check(Code);
    }

    /// <summary>
    /// A folder is a namespace under <c>RbIdp.Pipeline</c> with its sub-namespaces (<c>Checks.Names</c> counts as
    /// <c>Checks</c>); inside the run machinery each sub-folder counts on its own (<c>Runs.Webhooks</c>).
    /// </summary>
    [Fact]
    public void No_folder_of_the_pipeline_is_in_a_dependency_cycle()
    {
        var edges = DependenciesOf(t => t.Namespace.FullName.StartsWith(Pipeline, StringComparison.Ordinal))
            .Where(d => d.Target.StartsWith(Pipeline, StringComparison.Ordinal))
            .Select(d => (From: Folder(d.SourceNamespace), To: Folder(d.Target)))
            .Where(e => e.From != e.To)
            .Distinct()
            .ToLookup(e => e.From, e => e.To);

        var cycles = FindCycles(edges);

        Assert.True(cycles.Count == 0, "Folders in a dependency cycle:\n" + string.Join('\n', cycles));
    }

    private static bool InDocumentLayer(string ns) =>
        (ns == Pipeline || ns.StartsWith(Pipeline + ".", StringComparison.Ordinal))
        && ns != RunLayer && !ns.StartsWith(RunLayer + ".", StringComparison.Ordinal);

    private static string Folder(string ns)
    {
        var parts = ns.Split('.');
        var depth = parts.Length > 3 && parts[2] == "Runs" ? 4 : 3;
        return string.Join('.', parts.Take(Math.Min(depth, parts.Length)));
    }

    private sealed record Dependency(string Source, string SourceNamespace, string TargetType, string Target);

    /// <summary>Every type-level dependency (base types, fields, signatures, calls, attributes) of the types chosen.</summary>
    private static IEnumerable<Dependency> DependenciesOf(Func<IType, bool> which) =>
        Code.Types.Where(which).SelectMany(t => t.Dependencies.Where(d => d.Target is not GenericParameter).Select(d =>
            new Dependency(t.FullName, t.Namespace.FullName, d.Target.FullName, d.Target.Namespace?.FullName ?? "")));

    /// <summary>Each cycle once, as <c>A → B → A</c>, found by a depth-first search over the folder graph.</summary>
    private static List<string> FindCycles(ILookup<string, string> edges)
    {
        var cycles = new List<string>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var start in edges.Select(g => g.Key).Order(StringComparer.Ordinal))
        {
            Visit(start);
        }

        return cycles;

        void Visit(string node)
        {
            var onPath = path.IndexOf(node);
            if (onPath >= 0)
            {
                cycles.Add(string.Join(" → ", path.Skip(onPath).Append(node)));
                return;
            }

            if (!done.Add(node))
            {
                return;
            }

            path.Add(node);
            foreach (var next in edges[node].Order(StringComparer.Ordinal))
            {
                Visit(next);
            }

            path.RemoveAt(path.Count - 1);
        }
    }
}
