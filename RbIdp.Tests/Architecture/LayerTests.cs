using System.Reflection;
using System.Reflection.PortableExecutable;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using Assembly = System.Reflection.Assembly;
using AssemblyReferenceHandle = System.Reflection.Metadata.AssemblyReferenceHandle;
using HandleKind = System.Reflection.Metadata.HandleKind;
using Type = System.Type;

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

    /// <summary>
    /// The pipeline's public surface is what the other projects use: every public type of <c>RbIdp.Pipeline</c> is
    /// referenced by the API, the worker, the <c>check</c> command, the AppHost or the service defaults, or stands in a
    /// public signature of one that is (a property of the answer, a parameter of a public constructor). Everything else
    /// is internal (the tests, and the benches that time the parts, see it through <c>InternalsVisibleTo</c>). The EF
    /// migrations stay public as <c>dotnet ef</c> writes them.
    /// </summary>
    [Fact]
    public void The_pipeline_makes_public_only_what_another_project_uses()
    {
        var pipeline = typeof(global::RbIdp.Pipeline.Processing.DocumentPipeline).Assembly;
        var hosts = new[]
        {
            typeof(global::RbIdp.Api.Apis.JobsApi).Assembly.Location,
            typeof(global::RbIdp.Worker.Jobs.ProcessDocumentJob).Assembly.Location,
            typeof(global::RbIdp.Cli.CheckCommand).Assembly.Location,
            Path.Combine(AppContext.BaseDirectory, "RbIdp.AppHost.dll"),
            typeof(global::Microsoft.Extensions.Hosting.Extensions).Assembly.Location,
        };
        var referenced = hosts.SelectMany(h => TypesReferencedFrom(h, pipeline.GetName().Name!)).ToHashSet(StringComparer.Ordinal);

        // A type used only for its constants leaves no reference behind: the compiler copies the values into the caller.
        referenced.Add("RbIdp.Pipeline.Runs.Access.Roles");
        var surface = PublicClosure(pipeline, pipeline.GetExportedTypes().Where(t => referenced.Contains(t.FullName!)));
        var needless = pipeline.GetExportedTypes()
            .Where(t => !t.IsNested && t.Namespace != "RbIdp.Pipeline.Runs.Migrations" && !surface.Contains(t))
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(needless.Count == 0,
            $"Public types of RbIdp.Pipeline no other project uses (make them internal); {surface.Count} are used:\n" + string.Join('\n', needless));
    }

    /// <summary>The full names of the top-level types of <paramref name="assembly"/> that the metadata of the file at <paramref name="path"/> refers to.</summary>
    private static List<string> TypesReferencedFrom(string path, string assembly)
    {
        using var file = File.OpenRead(path);
        using var pe = new PEReader(file);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var names = new List<string>();
        foreach (var handle in metadata.TypeReferences)
        {
            var reference = metadata.GetTypeReference(handle);
            if (reference.ResolutionScope.Kind == HandleKind.AssemblyReference
                && metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name) == assembly)
            {
                names.Add($"{metadata.GetString(reference.Namespace)}.{metadata.GetString(reference.Name)}");
            }
        }

        return names;
    }

    /// <summary>The used types and, transitively, every type of the pipeline their public or protected signatures show.</summary>
    private static HashSet<Type> PublicClosure(Assembly pipeline, IEnumerable<Type> used)
    {
        const BindingFlags Visible = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var surface = new HashSet<Type>();
        var pending = new Stack<Type>(used);
        while (pending.TryPop(out var type))
        {
            if (type.Assembly != pipeline || !type.IsVisible || !surface.Add(type))
            {
                continue;
            }

            var shown = new List<Type>();
            shown.AddRange(type.GetInterfaces());
            shown.AddRange(type.GetNestedTypes());
            if (type.BaseType is { } baseType)
            {
                shown.Add(baseType);
            }

            foreach (var member in type.GetMembers(Visible))
            {
                switch (member)
                {
                    case FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly:
                        shown.Add(f.FieldType);
                        break;
                    case PropertyInfo p when p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly):
                        shown.Add(p.PropertyType);
                        break;
                    case MethodBase m when m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly:
                        shown.AddRange(m.GetParameters().Select(p => p.ParameterType));
                        if (m is MethodInfo method)
                        {
                            shown.Add(method.ReturnType);
                        }

                        break;
                    case EventInfo e when e.EventHandlerType is { } handler:
                        shown.Add(handler);
                        break;
                }
            }

            foreach (var part in shown.SelectMany(Unwrap))
            {
                pending.Push(part);
            }
        }

        return surface;
    }

    /// <summary>A signature's type and the types inside it: element types, generic arguments.</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }

        return type.IsGenericType ? type.GetGenericArguments().SelectMany(Unwrap).Prepend(type.GetGenericTypeDefinition()) : [type];
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
