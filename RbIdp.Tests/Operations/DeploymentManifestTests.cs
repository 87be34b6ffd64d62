using System.Globalization;
using System.Text.RegularExpressions;
using RbIdp.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace RbIdp.Tests.Operations;

/// <summary>
/// The deployment package under <c>deploy/</c> says only what the services understand: every probe path is served by the
/// service defaults, every port is the one the images listen on, every environment key is a configuration key the code
/// reads, every secret is documented for the operator — and the Dockerfile (one target per service) passes two Dockerfile
/// linters.
/// (The images cannot be built here: there is no container engine.)
/// </summary>
public sealed partial class DeploymentManifestTests
{
    private static readonly string Deploy = Path.Combine(LocalServer.RepositoryRoot, "deploy");
    private static readonly string[] Services = ["api", "worker"];

    private static readonly string Dockerfile = Path.Combine(Deploy, "Dockerfile");

    /// <summary>What runs a container: the services and the schema migration.</summary>
    private static readonly string[] Workloads = ["Deployment", "Job"];

    /// <summary>Variables read by the runtime or the native libraries, not by the product's configuration.</summary>
    private static readonly HashSet<string> PlatformVariables = ["OMP_THREAD_LIMIT", "ASPNETCORE_HTTP_PORTS", "DOTNET_gcServer"];

    [Fact]
    public void Every_probe_path_is_served_and_every_port_is_the_one_the_images_listen_on()
    {
        var defaults = File.ReadAllText(Path.Combine(LocalServer.RepositoryRoot, "RbIdp.ServiceDefaults", "Extensions.cs"));
        var containers = Containers().ToList();
        Assert.Equal(2, containers.Count);
        foreach (var container in containers)
        {
            var ports = Sequence(container, "ports").Select(p => (Name: Scalar(p, "name"), Number: Scalar(p, "containerPort"))).ToList();
            Assert.All(ports, p => Assert.Equal(ImagePort(), p.Number));
            foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
            {
                var httpGet = Child(Child(container, probe), "httpGet");
                Assert.Contains($"\"{Scalar(httpGet, "path")}\"", defaults, StringComparison.Ordinal);
                Assert.Contains(Scalar(httpGet, "port"), ports.Select(p => p.Name));
            }
        }

        Assert.Contains("\"/ready\"", defaults, StringComparison.Ordinal);
        foreach (var service in Documents().Where(d => Scalar(d, "kind") == "Service"))
        {
            var target = Scalar(Assert.Single(Sequence(Child(service, "spec"), "ports")), "targetPort");
            Assert.Contains(target, containers.SelectMany(c => Sequence(c, "ports")).Select(p => Scalar(p, "name")));
        }

        // Each service is a target of the one Dockerfile, built on the stage that exposes the port and checks /alive.
        var stages = Stages();
        var runtime = Assert.Single(stages, s => s.Lines.Any(l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal)));
        Assert.Contains($"EXPOSE {ImagePort()}", runtime.Lines);
        Assert.Matches($@"HEALTHCHECK .*http://127\.0\.0\.1:{ImagePort()}/alive", runtime.Lines.Single(l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal)));
        foreach (var service in Services)
        {
            var target = Assert.Single(stages, s => s.Name == service);
            Assert.Equal(runtime.Name, target.From);
            Assert.Contains(target.Lines, l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
            Assert.Contains(containers, c => Scalar(c, "image") == $"rbidp-{service}");
        }
    }

    [Fact]
    public void Every_environment_key_of_the_manifests_is_a_setting_the_services_read()
    {
        var code = string.Join('\n', Directory.EnumerateFiles(LocalServer.RepositoryRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}RbIdp.Tests{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var keys = Containers(Workloads).SelectMany(c => Sequence(c, "env")).Select(e => Scalar(e, "name"))
            .Concat(Documents().Where(d => Scalar(d, "kind") == "ConfigMap").SelectMany(d => Keys(Child(d, "data"))))
            .Distinct()
            .ToList();
        Assert.NotEmpty(keys);

        foreach (var key in keys.Where(k => !PlatformVariables.Contains(k)))
        {
            var path = key.Split("__").Where(segment => !segment.All(char.IsDigit)).ToArray();
            Assert.True(path.Length >= 2, $"{key} names a section and a setting");
            // The section is named in the code ("ArtifactStore", "Retention" …), and the setting is a property of its options
            // class or a key read by name ("rbidp" of ConnectionStrings, "ApiBaseUrl" of Dashboard).
            Assert.True(code.Contains($"\"{path[0]}", StringComparison.Ordinal), $"{key}: the section {path[0]} is read by the code");
            var setting = path[^1];
            Assert.True(
                Regex.IsMatch(code, $@"public [\w<>\[\]?, ]+ {setting} \{{") || code.Contains($"{setting}\"", StringComparison.Ordinal)
                    || code.Contains($":{setting}", StringComparison.Ordinal),
                $"{key}: the setting {setting} is read by the code");
        }
    }

    [Fact]
    public void Every_secret_the_manifests_reference_is_documented_for_the_operator()
    {
        var readme = File.ReadAllText(Path.Combine(Deploy, "README.md"));
        var containers = Containers(Workloads).ToList();
        var referenced = containers.SelectMany(c => Sequence(c, "env"))
            .Select(e => Child(Child(e, "valueFrom"), "secretKeyRef"))
            .Where(r => r is not null)
            .Select(r => (Scalar(r, "name"), Scalar(r, "key")))
            .Concat(containers.SelectMany(c => Sequence(c, "envFrom")).Select(e => Child(e, "secretRef")).Where(r => r is not null)
                .Select(r => (Scalar(r, "name"), "")))
            .Distinct()
            .ToList();
        Assert.NotEmpty(referenced);
        foreach (var (secret, key) in referenced)
        {
            var row = readme.Split('\n').SingleOrDefault(line => line.StartsWith($"| `{secret}`", StringComparison.Ordinal));
            Assert.True(row is not null, $"deploy/README.md lists the secret {secret}");
            Assert.True(key.Length == 0 || row.Contains($"`{key}`", StringComparison.Ordinal), $"deploy/README.md names the key {key} of {secret}");
        }
    }

    [Fact]
    public void The_schema_is_migrated_once_by_a_job_running_the_api_image_with_the_migrate_command()
    {
        var job = Assert.Single(Documents(), d => Scalar(d, "kind") == "Job");
        var pod = Child(Child(job, "spec"), "template")!;
        Assert.Equal("Never", Scalar(Child(pod, "spec"), "restartPolicy"));
        var container = Assert.Single(Containers("Job"));

        // The API's image, whose entry point is the API, given the argument its Program reads as "migrate and exit".
        var api = Documents().First(d => Scalar(d, "kind") == "Deployment" && Scalar(Child(d, "metadata"), "name") == "rbidp-api");
        var apiImage = Scalar(Sequence(Child(Child(Child(api, "spec"), "template"), "spec"), "containers").Single(), "image");
        Assert.Equal(apiImage, Scalar(container, "image"));
        Assert.Equal("rbidp-api", apiImage);
        Assert.Contains("""ENTRYPOINT ["dotnet", "RbIdp.Api.dll"]""", Stages().Single(s => s.Name == "api").Lines);
        Assert.Empty(Sequence(container, "command"));
        Assert.Equal([RbIdp.Api.Infrastructure.MigrateCommand.Verb], Sequence(container, "args").Select(a => ((YamlScalarNode)a).Value));
        Assert.True(RbIdp.Api.Infrastructure.MigrateCommand.IsRequested([.. Sequence(container, "args").Select(a => ((YamlScalarNode)a).Value!)]));

        // It has the database; the services leave the schema to it (the last ConfigMap patch that sets the key wins).
        Assert.Contains("ConnectionStrings__rbidp", Sequence(container, "env").Select(e => Scalar(e, "name")));
        var migrateAtStart = Documents().Where(d => Scalar(d, "kind") == "ConfigMap")
            .Select(d => Child(d, "data")).Where(data => Keys(data).Contains(MigrateAtStartKey)).Select(data => Scalar(data, MigrateAtStartKey)).Last();
        Assert.Equal("false", migrateAtStart);
        Assert.All(Containers(), c => Assert.DoesNotContain(MigrateAtStartKey, Sequence(c, "env").Select(e => Scalar(e, "name"))));
    }

    private const string MigrateAtStartKey = $"{RbIdp.Api.Infrastructure.DatabaseOptions.SectionName}__{nameof(RbIdp.Api.Infrastructure.DatabaseOptions.MigrateAtStart)}";

    [Fact]
    public void The_health_check_gives_a_starting_container_the_startup_probes_window()
    {
        // A container migrating at start answers /alive only afterwards: its health check must not count that as failure.
        var healthcheck = Stages().SelectMany(s => s.Lines).Single(l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        var startPeriod = Regex.Match(healthcheck, @"--start-period=(\d+)s");
        Assert.True(startPeriod.Success, $"the HEALTHCHECK has a start period in seconds: {healthcheck}");
        foreach (var container in Containers())
        {
            var startup = Child(container, "startupProbe");
            var window = int.Parse(Scalar(startup, "failureThreshold"), CultureInfo.InvariantCulture) * int.Parse(Scalar(startup, "periodSeconds"), CultureInfo.InvariantCulture);
            Assert.Equal(window, int.Parse(startPeriod.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task The_Dockerfile_passes_dockerfilelint_and_dockerfile_utils()
    {
        var tool = Path.Combine(LocalServer.RepositoryRoot, "tools", "dockerfilelint", "node_modules");
        var dockerfilelint = Path.Combine(tool, "dockerfilelint", "bin", "dockerfilelint");
        var dockerfileUtils = Path.Combine(tool, "dockerfile-utils", "bin", "dockerfile-utils");
        if (!File.Exists(dockerfilelint) || !File.Exists(dockerfileUtils))
        {
            throw LocalServer.MissingTool($"The Dockerfile linters are not installed ({tool}; 'npm ci' in tools/dockerfilelint).");
        }

        // Each exits non-zero (RunAsync throws with the report) on any issue. dockerfilelint reads deploy/.dockerfilelintrc,
        // which turns off the two rules that misread this file; what they guard is checked here and by dockerfile-utils.
        var report = await LocalServer.RunAsync("node", [dockerfilelint, Dockerfile], TimeSpan.FromMinutes(1));
        Assert.Equal(1, NoIssues().Count(report));
        await LocalServer.RunAsync("node", [dockerfileUtils, "lint", Dockerfile], TimeSpan.FromMinutes(1));

        // Every image from outside the file is pinned to a tag other than latest (dockerfilelint's missing_tag, off).
        var stageNames = Stages().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(Stages().Where(s => !stageNames.Contains(s.From)), s => Assert.Matches(@"^[\w./-]+:(?!latest$)[\w.-]+$", s.From));

        // dockerfile-utils reads HEALTHCHECK's flags: a misspelt start period fails it (what dockerfilelint's invalid_format did).
        var broken = Path.Combine(LocalServer.CreateTempDirectory("dockerfile"), "Dockerfile");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(Dockerfile)).Replace("--start-period=", "--start-perod=", StringComparison.Ordinal));
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => LocalServer.RunAsync("node", [dockerfileUtils, "lint", broken], TimeSpan.FromMinutes(1)));
        Assert.Contains("Unknown flag: start-perod", refused.Message, StringComparison.Ordinal);
        LocalServer.DeleteDirectory(Path.GetDirectoryName(broken)!);
    }

    /// <summary>The Dockerfile's stages: what each is built from, its name, and its instructions (continuations joined).</summary>
    private static List<(string From, string Name, List<string> Lines)> Stages()
    {
        var stages = new List<(string From, string Name, List<string> Lines)>();
        var text = Regex.Replace(File.ReadAllText(Dockerfile), @"\\\n\s*", " ");
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            if (Regex.Match(line, @"^FROM (\S+) AS (\S+)$") is { Success: true } from)
            {
                stages.Add((from.Groups[1].Value, from.Groups[2].Value, []));
            }
            else
            {
                stages[^1].Lines.Add(line);
            }
        }

        return stages;
    }

    /// <summary>The base's documents with the production overlay's patches listed after them.</summary>
    private static IEnumerable<YamlMappingNode> Documents()
    {
        var kubernetes = Path.Combine(Deploy, "kubernetes");
        var files = Resources(Path.Combine(kubernetes, "base"))
            .Concat(Sequence(Load(Path.Combine(kubernetes, "overlays", "production", "kustomization.yaml")).Single(), "patches")
                .Select(p => Path.Combine(kubernetes, "overlays", "production", Scalar(p, "path"))));
        return files.SelectMany(Load);
    }

    private static IEnumerable<string> Resources(string folder) =>
        Sequence(Load(Path.Combine(folder, "kustomization.yaml")).Single(), "resources")
            .Select(r => Path.Combine(folder, ((YamlScalarNode)r).Value!));

    /// <summary>The containers of the Deployments (the services), or of the workloads of the given kinds.</summary>
    private static IEnumerable<YamlMappingNode> Containers(params string[] kinds) =>
        Documents().Where(d => (kinds.Length == 0 ? ["Deployment"] : kinds).Contains(Scalar(d, "kind")))
            .SelectMany(d => Sequence(Child(Child(Child(d, "spec"), "template"), "spec"), "containers"))
            .Cast<YamlMappingNode>();

    private static string ImagePort() =>
        Regex.Match(File.ReadAllText(Dockerfile), @"ASPNETCORE_HTTP_PORTS=(\d+)").Groups[1].Value;

    private static List<YamlMappingNode> Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(file);
        stream.Load(reader);
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    private static YamlMappingNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child as YamlMappingNode : null;

    private static IEnumerable<YamlNode> Sequence(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlSequenceNode sequence
            ? sequence.Children
            : [];

    private static string Scalar(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlScalarNode scalar
            ? scalar.Value ?? ""
            : "";

    private static IEnumerable<string> Keys(YamlMappingNode? map) =>
        map?.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!) ?? [];

    [GeneratedRegex(@"Issues: None found")]
    private static partial Regex NoIssues();
}
