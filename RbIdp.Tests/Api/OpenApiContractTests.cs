using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using RbIdp.Pipeline.Runs;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Api;

/// <summary>The served OpenAPI document is the contract: complete, snake_case, and enough to build a working client.</summary>
[Collection(UsesServices.Name)]
public sealed partial class OpenApiContractTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private ApiFactory _api = null!;

    public async Task InitializeAsync() => _api = new ApiFactory(await postgres.CreateDatabaseAsync(), redis, s3);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task The_document_describes_every_route_with_its_bodies_problems_and_security()
    {
        var document = await ServedDocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Operation.GetProperty("operationId").GetString()!);
        Assert.StartsWith("3.1.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.All(document.GetProperty("servers").EnumerateArray(), server => Assert.DoesNotMatch("/$", server.GetProperty("url").GetString()!));

        Assert.Equal(
            ["CancelJob", "GetArtifact", "GetJob", "ListArtifacts", "ListJobs", "ProcessDocument", "PurgeJob", "ReviewJob", "StreamJobEvents", "SubmitJob"],
            operations.Keys.Order(StringComparer.Ordinal));
        var tags = document.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("description").GetString());
        Assert.Equal(["Jobs", "Review", "Artifacts", "Synchronous processing", "Events"], tags.Keys);
        foreach (var (id, (_, _, operation)) in operations)
        {
            // A short title for the reference's sidebar ("Get a job"); the sentence is the description.
            Assert.Matches(@"^[A-Z][a-z]*( [\w']+){1,3}$", operation.GetProperty("summary").GetString());
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()), id);
            Assert.All(operation.GetProperty("tags").EnumerateArray(), tag => Assert.False(string.IsNullOrEmpty(tags[tag.GetString()!]), id));
            Assert.NotEmpty(operation.GetProperty("tags").EnumerateArray());
            var responses = operation.GetProperty("responses");
            foreach (var status in new[] { "401", "403", "500", "503" }.Concat(operations[id].Method == "get" ? [] : ["409"]))
            {
                Assert.True(responses.TryGetProperty(status, out var problem), $"{id} has no {status}");
                Assert.True(problem.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{id} {status} is not problem+json");
            }

            Assert.Equal(["Retry-After"], Headers(responses.GetProperty("503")));
            if (responses.TryGetProperty("202", out var accepted))
            {
                Assert.Contains("Location", Headers(accepted));
            }
        }

        var download = operations["GetArtifact"].Operation.GetProperty("responses");
        Assert.Equal(
            ["application/json", "application/octet-stream", "image/png"],
            download.GetProperty("200").GetProperty("content").EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Location"], Headers(download.GetProperty("302")));

        foreach (var id in new[] { "SubmitJob", "ProcessDocument" })
        {
            var operation = operations[id].Operation;
            var content = operation.GetProperty("requestBody").GetProperty("content");
            var form = Resolve(document, content.GetProperty("multipart/form-data").GetProperty("schema"));
            var file = form.GetProperty("properties").GetProperty("file");
            Assert.Equal(("string", "binary"), (file.GetProperty("type").GetString(), file.GetProperty("format").GetString()));
            Assert.Equal(["doc_type", "file", "fio", "reason"], form.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
            var json = Resolve(document, content.GetProperty("application/json").GetProperty("schema"));
            Assert.True(json.GetProperty("properties").TryGetProperty("s3_path", out _));
            foreach (var status in new[] { "202", "400", "413", "415", "422", "429" })
            {
                Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), $"{id} has no {status}");
            }

            Assert.Equal(["Location", "Operation-Location", "Retry-After"], Headers(operation.GetProperty("responses").GetProperty("202")));
            Assert.Equal(["Retry-After"], Headers(operation.GetProperty("responses").GetProperty("429")));
        }

        var answer = Resolve(document, operations["ProcessDocument"].Operation.GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        foreach (var property in new[] { "run_id", "request_id", "status", "verdict", "errors", "extracted", "llm", "policy_version", "timings_ms", "artifacts" })
        {
            Assert.True(answer.GetProperty("properties").TryGetProperty(property, out _), $"the answer has no {property}");
        }

        Assert.True(operations["ReviewJob"].Operation.GetProperty("responses").TryGetProperty("409", out _));
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());

        var notSnake = document.GetProperty("components").GetProperty("schemas").EnumerateObject()
            .SelectMany(schema => schema.Value.TryGetProperty("properties", out var properties)
                ? properties.EnumerateObject().Select(p => $"{schema.Name}.{p.Name}")
                : [])
            .Where(name => !SnakeCase().IsMatch(name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..]))
            .ToList();
        Assert.Empty(notSnake);
    }

    [Fact]
    public async Task Each_response_in_a_job_s_life_is_one_its_operation_documents_with_that_media_type_and_headers()
    {
        var document = await ServedDocumentAsync();
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        using var admin = _api.CreateClient(ApiFactory.AdminKey);
        var submitted = await client.PostAsync("/v1/jobs", ApiCalls.Form(ApiCalls.SickLeavePng, requestId: "contract-1"));
        AssertDocumented(document, "/v1/jobs", "post", submitted);
        var runId = ApiCalls.RunId(await ApiCalls.JsonAsync(submitted));
        await using (var scope = _api.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RunProcessor>().ProcessAsync(runId, null, CancellationToken.None);
        }

        AssertDocumented(document, "/v1/jobs/{runId}", "get", await client.GetAsync($"/v1/jobs/{runId:D}"));
        var listed = await admin.GetAsync($"/v1/jobs/{runId:D}/artifacts");
        AssertDocumented(document, "/v1/jobs/{runId}/artifacts", "get", listed);
        var names = (await ApiCalls.JsonAsync(listed)).GetProperty("artifacts").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToList();
        Assert.Contains("input", names);
        Assert.Contains("result.json", names);
        foreach (var name in names.Append("no-such-artifact"))
        {
            AssertDocumented(document, "/v1/jobs/{runId}/artifacts/{name}", "get", await admin.GetAsync($"/v1/jobs/{runId:D}/artifacts/{name}"));
        }

        using var noRedirects = _api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        noRedirects.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        var redirected = await noRedirects.GetAsync($"/v1/jobs/{runId:D}/artifacts/result.json?redirect=true");
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        AssertDocumented(document, "/v1/jobs/{runId}/artifacts/{name}", "get", redirected);
    }

    /// <summary>What a validating proxy (Prism) checks: the status is documented, and so are its media type and headers.</summary>
    private static void AssertDocumented(JsonElement document, string path, string method, HttpResponseMessage response)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        Assert.True(operation.GetProperty("responses").TryGetProperty(status, out var documented), $"{method} {path} answered {status}, which it does not document");
        if (response.Content.Headers.ContentType?.MediaType is { } mediaType && response.Content.Headers.ContentLength != 0)
        {
            Assert.True(
                documented.TryGetProperty("content", out var content) && content.TryGetProperty(mediaType, out _),
                $"{method} {path} answered {status} as {mediaType}, which it does not document");
        }

        foreach (var header in new[] { "Location", "Operation-Location", "Retry-After" })
        {
            if (response.Headers.Contains(header))
            {
                Assert.Contains(header, Headers(documented));
            }
        }
    }

    [Fact]
    public async Task A_client_generated_by_NSwag_from_the_served_document_compiles_drives_a_job_to_its_verdict_and_downloads_an_artifact()
    {
        using var http = _api.CreateClient(ApiFactory.ClientAKey);
        // NSwag 14 reads 3.1's nullable references (oneOf null | $ref) as classes of their own: it reads the 3.0 document.
        var json = await http.GetStringAsync("/openapi/v1-3.0.json");
        var document = await OpenApiDocument.FromJsonAsync(json);
        // NSwag generates one request body per operation: with both media types it sends the JSON one with a multipart
        // header. This client uploads, so it keeps the multipart body of the submitting operations.
        foreach (var operation in document.Operations.Where(o => o.Operation.RequestBody?.Content.ContainsKey("multipart/form-data") == true))
        {
            operation.Operation.RequestBody.Content.Remove("application/json");
        }

        var code = new CSharpClientGenerator(document, new CSharpClientGeneratorSettings
        {
            ClassName = "RbIdpClient",
            UseBaseUrl = false,
            GenerateClientInterfaces = false,
            CSharpGeneratorSettings = { Namespace = "Generated" },
        }).GenerateFile();

        var assembly = Compile(code, DriverSource);
        var drive = assembly.GetType("Generated.Driver")!.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)!;
        Func<Guid, Task> worker = async runId =>
        {
            // The worker's part: the same RunProcessor the Hangfire job calls, from the API's services.
            await using var scope = _api.Services.CreateAsyncScope();
            Assert.Equal(RunProcessingResult.Succeeded, await scope.ServiceProvider.GetRequiredService<RunProcessor>().ProcessAsync(runId, null, CancellationToken.None));
        };

        using var operatorHttp = _api.CreateClient(ApiFactory.AdminKey);
        var verdict = await (Task<string>)drive.Invoke(null, [http, operatorHttp, ApiCalls.SickLeavePng, worker])!;

        Assert.Equal("Approved/Approved", verdict);
    }

    [Fact]
    public async Task The_served_document_passes_Redocly_lint_with_no_errors()
    {
        var tool = Path.Combine(LocalServer.RepositoryRoot, "tools", "redocly");
        var cli = Path.Combine(tool, "node_modules", "@redocly", "cli", "bin", "cli.js");
        if (!File.Exists(cli))
        {
            throw LocalServer.MissingTool($"Redocly CLI is not installed ({cli} is missing; 'npm ci' in {tool}).");
        }

        using var anonymous = _api.CreateClient();
        var file = Path.Combine(Path.GetTempPath(), $"rbidp-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await anonymous.GetStringAsync("/openapi/v1.json"));
        try
        {
            // Exits non-zero (and RunAsync throws with the report) on any error; warnings are listed but pass.
            var report = await LocalServer.RunAsync(
                "node", [cli, "lint", file, "--config", Path.Combine(tool, "redocly.yaml")], TimeSpan.FromMinutes(2),
                environment: new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });
            Assert.DoesNotMatch(@"[1-9]\d* errors?\b", report);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private const string DriverSource = """
        using System.Linq;

        namespace Generated;

        public static class Driver
        {
            public static async System.Threading.Tasks.Task<string> RunAsync(System.Net.Http.HttpClient http, System.Net.Http.HttpClient operatorHttp, byte[] file, System.Func<System.Guid, System.Threading.Tasks.Task> worker)
            {
                var client = new RbIdpClient(http);
                var accepted = await client.SubmitJobAsync("Иванов Иван Петрович", "illness", "sick_leave",
                    new FileParameter(new System.IO.MemoryStream(file), "sick-leave.png", "image/png"), "2026-11-20", "nswag-1", null);
                if (accepted.Status != RunStatus.Queued)
                {
                    throw new System.InvalidOperationException($"submitted as {accepted.Status}");
                }

                await worker(accepted.Run_id);
                JobStatus status;
                for (var polls = 0; ; polls++)
                {
                    status = await client.GetJobAsync(accepted.Run_id);
                    if (status.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Canceled || polls > 50)
                    {
                        break;
                    }

                    await System.Threading.Tasks.Task.Delay(100);
                }

                var page = await client.ListJobsAsync(null, null, null, null, 1, 10);
                if (page.Total != 1 || page.Items.Single().Run_id != accepted.Run_id)
                {
                    throw new System.InvalidOperationException("the job is not listed");
                }

                var answer = status.Result ?? throw new System.InvalidOperationException($"no answer: {status.Status} {status.Failure}");
                if (answer.Run_id != accepted.Run_id || answer.Timings_ms["total"] <= 0)
                {
                    throw new System.InvalidOperationException("the answer is not the job's");
                }

                // An artifact downloaded through the generated client, as an operator (artifacts carry personal data):
                // a JSON one, which NSwag reads as a JSON value; the stored answer names the run.
                var artifact = await new RbIdpClient(operatorHttp).GetArtifactAsync(accepted.Run_id, "result.json", null);
                if (artifact?.ToString() is not { } stored || !stored.Contains(accepted.Run_id.ToString()))
                {
                    throw new System.InvalidOperationException($"the downloaded result.json is not the run's: {artifact}");
                }

                return $"{status.Verdict}/{answer.Verdict}";
            }
        }
        """;

    private static Assembly Compile(params string[] sources)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "RbIdp.GeneratedClient",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(emitted.Success, string.Join(Environment.NewLine, errors.Take(20)));
        return Assembly.Load(image.ToArray());
    }

    private async Task<JsonElement> ServedDocumentAsync()
    {
        using var anonymous = _api.CreateClient();
        var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ApiCalls.JsonAsync(response);
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from method in path.Value.EnumerateObject()
        where method.Name is "get" or "post" or "put" or "delete" or "patch"
        select (path.Name, method.Name, method.Value);

    private static IEnumerable<string> Headers(JsonElement response) =>
        response.TryGetProperty("headers", out var headers) ? headers.EnumerateObject().Select(h => h.Name).Order(StringComparer.Ordinal) : [];

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        return schema;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();
}
