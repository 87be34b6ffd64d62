using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Runs;
using RbIdp.Pipeline.Verdicts;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Api;

/// <summary>The served OpenAPI document is the contract: complete, snake_case, and enough to build a working client.</summary>
[Collection(UsesServices.Name)]
public sealed partial class OpenApiContractTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private const string ClientBucket = "client-docs";
    private ApiFactory _api = null!;

    public async Task InitializeAsync() => _api = new ApiFactory(await postgres.CreateDatabaseAsync(), redis, s3, new Dictionary<string, string?>
    {
        ["Submissions:AllowedS3Buckets:0"] = ClientBucket,
    });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task The_document_describes_every_route_with_its_bodies_problems_and_security()
    {
        var document = await ServedDocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Operation.GetProperty("operationId").GetString()!);
        Assert.StartsWith("3.1.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.All(document.GetProperty("servers").EnumerateArray(), server => Assert.DoesNotMatch("/$", server.GetProperty("url").GetString()!));

        Assert.Equal(
            ["CancelJob", "GetAlive", "GetArtifact", "GetHealth", "GetJob", "GetReadiness", "ListArtifacts", "ListJobs", "ProcessDocument", "PurgeJob", "ReviewJob", "StreamJobEvents", "SubmitJob"],
            operations.Keys.Order(StringComparer.Ordinal));
        var tags = document.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("description").GetString());
        Assert.Equal(["Jobs", "Review", "Artifacts", "Synchronous processing", "Events", "Health"], tags.Keys);
        var health = operations.Where(o => o.Value.Operation.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "Health")).ToList();
        Assert.Equal(["/alive", "/health", "/ready"], health.Select(o => o.Value.Path).Order(StringComparer.Ordinal));
        Assert.All(health, o => Assert.Empty(Assert.Single(o.Value.Operation.GetProperty("security").EnumerateArray()).EnumerateObject()));
        foreach (var (id, (_, _, operation)) in operations.Except(health))
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
    public async Task Every_operation_s_success_path_answers_only_what_the_served_document_describes()
    {
        var validator = OpenApiResponseValidator.Load(await ServedDocumentTextAsync());
        var driven = new List<ValidatedResponse>();
        async Task<HttpResponseMessage> Documented(Task<HttpResponseMessage> call, HttpStatusCode expected)
        {
            var response = await call;
            var validated = await validator.ValidateAsync(response);
            Assert.True(response.StatusCode == expected,
                $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            Assert.True(validated.Violations.Count == 0, string.Join(Environment.NewLine, validated.Violations));
            driven.Add(validated);
            return response;
        }

        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        using var reviewer = _api.CreateClient(ApiFactory.ReviewerKey);
        using var anonymous = _api.CreateClient();
        using var noRedirects = _api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        noRedirects.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.ReviewerKey);
        var s3Path = await PutClientObjectAsync(ApiCalls.SickLeavePng);
        var json = new { fio = ApiCalls.Fio, reason = "illness", doc_type = "sick_leave", application_date = ApiCalls.ApplicationDate, s3_path = s3Path };

        // Jobs: submitted both ways; the upload is checked by the worker's RunProcessor, the s3:// one is canceled.
        var uploaded = ApiCalls.RunId(await ApiCalls.JsonAsync(await Documented(client.PostAsync("/v1/jobs", ApiCalls.Form(ApiCalls.SickLeavePng, requestId: "contract-upload")), HttpStatusCode.Accepted)));
        var named = ApiCalls.RunId(await ApiCalls.JsonAsync(await Documented(client.PostAsJsonAsync("/v1/jobs", json), HttpStatusCode.Accepted)));
        await Documented(client.PostAsync($"/v1/jobs/{named:D}/cancel", null), HttpStatusCode.Accepted);
        await using (var scope = _api.Services.CreateAsyncScope())
        {
            Assert.Equal(RunProcessingResult.Succeeded, await scope.ServiceProvider.GetRequiredService<RunProcessor>().ProcessAsync(uploaded, null, CancellationToken.None));
        }

        var job = await Documented(client.GetAsync($"/v1/jobs/{uploaded:D}"), HttpStatusCode.OK);
        Assert.Equal("succeeded", (await ApiCalls.JsonAsync(job)).GetProperty("status").GetString());
        await Documented(client.GetAsync("/v1/jobs"), HttpStatusCode.OK);
        await Documented(client.GetAsync("/v1/jobs?status=canceled&from=2026-01-01T00:00:00Z&page=1&page_size=10"), HttpStatusCode.OK);
        var events = await (await Documented(client.GetAsync($"/v1/jobs/{uploaded:D}/events"), HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.StartsWith("event: status", events, StringComparison.Ordinal);
        // The stream's schema describes a status event's data as a JobStatus: it is one.
        var status = events.Split('\n').SkipWhile(line => line != "event: status").Skip(1).First();
        Assert.Empty(validator.Evaluate(OpenApiResponseValidator.ComponentSchema("JobStatus"), JsonNode.Parse(status["data: ".Length..])));

        // Synchronous processing, both bodies.
        await Documented(client.PostAsync("/v1/process", ApiCalls.Form(ApiCalls.SickLeavePng, requestId: "contract-sync")), HttpStatusCode.OK);
        await Documented(client.PostAsJsonAsync("/v1/process", json), HttpStatusCode.OK);

        // Artifacts (a reviewer's): the list, each one (JSON, the input as uploaded, an evidence image) and a redirect.
        var names = (await ApiCalls.JsonAsync(await Documented(reviewer.GetAsync($"/v1/jobs/{uploaded:D}/artifacts"), HttpStatusCode.OK)))
            .GetProperty("artifacts").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToHashSet();
        Assert.Superset(new HashSet<string> { "input", "result.json", "evidence-p1.png" }, names);
        foreach (var name in names)
        {
            var artifact = await Documented(reviewer.GetAsync($"/v1/jobs/{uploaded:D}/artifacts/{name}"), HttpStatusCode.OK);
            var bytes = await artifact.Content.ReadAsByteArrayAsync();
            if (name == "input")
            {
                Assert.Equal(ApiCalls.SickLeavePng, bytes);
            }
            else if (name.EndsWith(".png", StringComparison.Ordinal))
            {
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            }
        }

        var redirect = await Documented(noRedirects.GetAsync($"/v1/jobs/{uploaded:D}/artifacts/result.json?redirect=true"), HttpStatusCode.Redirect);
        Assert.True(redirect.Headers.Location?.IsAbsoluteUri);

        // A reviewer's decision on a run the pipeline sent to review, then the purge.
        await _api.WithDbAsync(async db =>
        {
            var run = await db.Runs.SingleAsync(r => r.Id == uploaded);
            run.Verdict = Verdict.ManualReview;
            return await db.SaveChangesAsync();
        });
        await Documented(reviewer.PostAsJsonAsync($"/v1/jobs/{uploaded:D}/review", new { verdict = "approved", comment = "Stamp checked on the original." }), HttpStatusCode.OK);
        await Documented(client.DeleteAsync($"/v1/jobs/{uploaded:D}"), HttpStatusCode.NoContent);

        // Health, without a key.
        foreach (var path in new[] { "/health", "/alive", "/ready" })
        {
            await Documented(anonymous.GetAsync(path), HttpStatusCode.OK);
        }

        Assert.Empty(validator.Operations.Keys.Except(driven.Select(d => d.OperationId!)).Order(StringComparer.Ordinal));

        // The problems are documented too, bodies and all: no key, a missing field, an unknown artifact, a finished job.
        await Documented(anonymous.GetAsync($"/v1/jobs/{named:D}"), HttpStatusCode.Unauthorized);
        await Documented(client.PostAsJsonAsync("/v1/jobs", new { fio = ApiCalls.Fio }), HttpStatusCode.BadRequest);
        await Documented(reviewer.GetAsync($"/v1/jobs/{named:D}/artifacts/no-such-artifact"), HttpStatusCode.NotFound);
        await Documented(client.PostAsync($"/v1/jobs/{named:D}/cancel", null), HttpStatusCode.Conflict);
        await Documented(client.GetAsync("/v1/jobs?page=0"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_validator_reports_a_served_body_bent_out_of_its_documented_schema()
    {
        var validator = OpenApiResponseValidator.Load(await ServedDocumentTextAsync());
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        var submitted = await client.PostAsync("/v1/jobs", ApiCalls.Form(ApiCalls.SickLeavePng));
        var runId = ApiCalls.RunId(await ApiCalls.JsonAsync(submitted));
        var job = await client.GetAsync($"/v1/jobs/{runId:D}");
        var body = JsonNode.Parse(await job.Content.ReadAsStringAsync())!.AsObject();
        IReadOnlyList<string> Validate(JsonObject changed) => validator.Validate(
            HttpMethod.Get, $"/v1/jobs/{runId:D}", HttpStatusCode.OK, new Dictionary<string, string>(), "application/json",
            System.Text.Encoding.UTF8.GetBytes(changed.ToJsonString())).Violations;

        Assert.Empty(Validate(body));
        var unknownStatus = body.DeepClone().AsObject();
        unknownStatus["status"] = "finished";
        Assert.Contains(Validate(unknownStatus), v => v.Contains("/status", StringComparison.Ordinal));
        var textProgress = body.DeepClone().AsObject();
        textProgress["progress"] = "0";
        Assert.Contains(Validate(textProgress), v => v.Contains("/progress", StringComparison.Ordinal));
        var noRunId = body.DeepClone().AsObject();
        noRunId.Remove("run_id");
        Assert.Contains(Validate(noRunId), v => v.Contains("run_id", StringComparison.Ordinal));
    }

    private async Task<string> PutClientObjectAsync(byte[] content)
    {
        using var store = new S3ArtifactStore(s3.StoreOptions(ClientBucket), NullLogger<S3ArtifactStore>.Instance);
        var key = $"clients/client-a/contract/{Guid.NewGuid():N}";
        await store.PutAsync(key, new MemoryStream(content), "application/octet-stream", CancellationToken.None);
        return $"s3://{ClientBucket}/{key}";
    }

    [Fact]
    public async Task A_client_generated_by_NSwag_from_the_served_document_compiles_drives_a_job_to_its_verdict_and_downloads_its_artifacts()
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

        // Likewise one response type per status: a 200 that may be JSON is parsed as JSON, and an image would fail. This
        // client downloads files, so the download keeps its binary media types and returns every artifact as a FileResponse.
        var download = document.Operations.Single(o => o.Operation.OperationId == "GetArtifact").Operation.Responses["200"];
        Assert.True(download.Content.Remove("application/json"));

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
        var (verdict, input, evidence) = await (Task<(string, byte[], byte[])>)drive.Invoke(null, [http, operatorHttp, ApiCalls.SickLeavePng, worker])!;

        Assert.Equal("Approved/Approved", verdict);
        Assert.Equal(ApiCalls.SickLeavePng, input);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], evidence[..8]);
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
            public static async System.Threading.Tasks.Task<(string, byte[], byte[])> RunAsync(System.Net.Http.HttpClient http, System.Net.Http.HttpClient operatorHttp, byte[] file, System.Func<System.Guid, System.Threading.Tasks.Task> worker)
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

                // Artifacts downloaded through the generated client, as an operator (artifacts carry personal data), each
                // a file: the stored answer (it names the run), the input as uploaded and the first page's evidence image.
                var operatorClient = new RbIdpClient(operatorHttp);
                using (var result = await operatorClient.GetArtifactAsync(accepted.Run_id, "result.json", null))
                {
                    var stored = await new System.IO.StreamReader(result.Stream).ReadToEndAsync();
                    if (!stored.Contains(accepted.Run_id.ToString()))
                    {
                        throw new System.InvalidOperationException($"the downloaded result.json is not the run's: {stored}");
                    }
                }

                return ($"{status.Verdict}/{answer.Verdict}", await DownloadAsync(operatorClient, accepted.Run_id, "input"), await DownloadAsync(operatorClient, accepted.Run_id, "evidence-p1.png"));
            }

            private static async System.Threading.Tasks.Task<byte[]> DownloadAsync(RbIdpClient client, System.Guid runId, string name)
            {
                using var artifact = await client.GetArtifactAsync(runId, name, null);
                using var bytes = new System.IO.MemoryStream();
                await artifact.Stream.CopyToAsync(bytes);
                return bytes.ToArray();
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

    private async Task<JsonElement> ServedDocumentAsync() => JsonDocument.Parse(await ServedDocumentTextAsync()).RootElement.Clone();

    private async Task<string> ServedDocumentTextAsync()
    {
        using var anonymous = _api.CreateClient();
        var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
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
