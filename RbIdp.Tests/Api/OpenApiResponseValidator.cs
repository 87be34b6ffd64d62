using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.OpenApi;

namespace RbIdp.Tests.Api;

/// <summary>
/// What a validating proxy checks on every response, read from the served OpenAPI 3.1 document by tools no one here
/// wrote: Microsoft.OpenApi finds the operation (path template and method), the response (status, else its range, else
/// <c>default</c>) and the media type; JsonSchema.Net evaluates the body and each header against their JSON Schema
/// 2020-12 schemas (OpenAPI 3.1's dialect), with the document registered so its <c>$ref</c>s resolve. A status, a
/// header, a media type or a body the document does not describe is a violation.
/// </summary>
public sealed class OpenApiResponseValidator
{
    private static readonly Uri DocumentUri = new("https://rbidp.test/openapi/v1.json");

    /// <summary>Headers of the HTTP message itself, not of the operation: OpenAPI describes Content-Type by <c>content</c>.</summary>
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Transfer-Encoding", "Date", "Server", "Connection", "Keep-Alive",
    };

    private readonly OpenApiDocument _document;
    private readonly BuildOptions _build;
    private readonly List<(Regex Template, string Path)> _paths;

    private OpenApiResponseValidator(OpenApiDocument document, JsonElement raw)
    {
        _document = document;
        var registry = new SchemaRegistry();
        registry.Register(DocumentUri, new JsonElementBaseDocument(raw, DocumentUri));
        _build = new BuildOptions { SchemaRegistry = registry };

        // Literal paths before templated ones (OpenAPI: "concrete paths are matched before templated paths").
        _paths = [.. (document.Paths ?? []).Keys
            .OrderBy(p => p.Contains('{', StringComparison.Ordinal))
            .Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p), @"\\\{[^/]+?}", "[^/]+") + "/?$"), p))];
    }

    /// <summary>Reads an OpenAPI 3.1 document; one the reader reports errors in cannot be validated against.</summary>
    public static OpenApiResponseValidator Load(string json)
    {
        var (document, diagnostic) = OpenApiDocument.Parse(json, "json");
        if (document is null || diagnostic?.Errors is { Count: > 0 })
        {
            throw new InvalidOperationException("The OpenAPI document does not read: " + string.Join("; ", diagnostic?.Errors.Select(e => e.ToString()) ?? []));
        }

        if (diagnostic?.SpecificationVersion != OpenApiSpecVersion.OpenApi3_1)
        {
            throw new InvalidOperationException($"The document is OpenAPI {diagnostic?.SpecificationVersion}, not 3.1.");
        }

        return new OpenApiResponseValidator(document, JsonDocument.Parse(json).RootElement.Clone());
    }

    /// <summary>The operation ids of the document, by method and path template.</summary>
    public IReadOnlyDictionary<string, (HttpMethod Method, string Path)> Operations =>
        (from path in _document.Paths ?? []
         from operation in path.Value.Operations ?? []
         select (Id: operation.Value.OperationId ?? $"{operation.Key} {path.Key}", Method: operation.Key, Path: path.Key))
        .ToDictionary(o => o.Id, o => (o.Method, o.Path));

    /// <summary>Validates a response of the API (its request names the method and path).</summary>
    public async Task<ValidatedResponse> ValidateAsync(HttpResponseMessage response)
    {
        var request = response.RequestMessage ?? throw new ArgumentException("The response has no request.", nameof(response));
        var body = await response.Content.ReadAsByteArrayAsync();
        var headers = response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
        return Validate(request.Method, request.RequestUri!.AbsolutePath, response.StatusCode, headers, response.Content.Headers.ContentType?.MediaType, body);
    }

    public ValidatedResponse Validate(
        HttpMethod method, string path, HttpStatusCode status, IReadOnlyDictionary<string, string> headers, string? mediaType, byte[] body)
    {
        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        var template = _paths.FirstOrDefault(p => p.Template.IsMatch(path)).Path;
        if (template is null)
        {
            return new(null, code, [$"{method} {path}: no path of the document matches"]);
        }

        if (_document.Paths![template].Operations?.GetValueOrDefault(method) is not { } operation)
        {
            return new(null, code, [$"{method} {template}: the document has no such operation"]);
        }

        var where = $"{operation.OperationId} ({method} {template}) answered {code}";
        var key = operation.Responses?.ContainsKey(code) == true ? code
            : operation.Responses?.ContainsKey($"{code[0]}XX") == true ? $"{code[0]}XX"
            : operation.Responses?.ContainsKey("default") == true ? "default"
            : null;
        if (key is null)
        {
            return new(operation.OperationId, code, [$"{where}, a status it does not document"]);
        }

        var documented = operation.Responses![key];
        var violations = new List<string>();
        foreach (var (name, header) in documented.Headers ?? new Dictionary<string, IOpenApiHeader>())
        {
            if (header.Required && !headers.ContainsKey(name))
            {
                violations.Add($"{where} without its required header {name}");
            }
        }

        foreach (var (name, text) in headers)
        {
            if (TransportHeaders.Contains(name))
            {
                continue;
            }

            var header = documented.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
            if (header?.Key is not { } documentedName)
            {
                violations.Add($"{where} with the header {name}, which it does not document");
                continue;
            }

            var at = Pointer("paths", template, Lower(method), "responses", key, "headers", documentedName, "schema");
            var schemaType = header.Value.Value.Schema?.Type ?? 0;
            JsonNode instance = schemaType.HasFlag(JsonSchemaType.Integer) && long.TryParse(text, CultureInfo.InvariantCulture, out var integer)
                ? JsonValue.Create(integer)
                : JsonValue.Create(text);
            violations.AddRange(Evaluate(at, instance).Select(v => $"{where}: header {name} '{text}' {v}"));
        }

        if (body.Length == 0)
        {
            if (documented.Content is { Count: > 0 } && status != HttpStatusCode.NoContent)
            {
                violations.Add($"{where} with no body; the document describes one ({string.Join(", ", documented.Content.Keys)})");
            }

            return new(operation.OperationId, code, violations);
        }

        if (mediaType is null || documented.Content?.ContainsKey(mediaType) != true)
        {
            violations.Add($"{where} as {mediaType ?? "no media type"}, which it does not document ({string.Join(", ", documented.Content?.Keys ?? [])})");
            return new(operation.OperationId, code, violations);
        }

        var schema = Pointer("paths", template, Lower(method), "responses", key, "content", mediaType, "schema");
        JsonNode? value;
        if (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            try
            {
                value = JsonNode.Parse(body);
            }
            catch (JsonException e)
            {
                violations.Add($"{where} as {mediaType} with a body that is not JSON: {e.Message}");
                return new(operation.OperationId, code, violations);
            }
        }
        else if (mediaType.StartsWith("text/", StringComparison.Ordinal))
        {
            value = JsonValue.Create(Encoding.UTF8.GetString(body));
        }
        else
        {
            // Bytes are a string of format binary in OpenAPI 3.1: the schema must admit a string.
            value = JsonValue.Create($"<{body.Length} bytes>");
        }

        if (documented.Content[mediaType].Schema is null)
        {
            violations.Add($"{where} as {mediaType}: the document gives the body no schema");
        }
        else
        {
            violations.AddRange(Evaluate(schema, value).Select(v => $"{where} as {mediaType}: body {v}"));
        }

        return new(operation.OperationId, code, violations);
    }

    /// <summary>Evaluates an instance against the schema at a JSON pointer of the document; the errors, each with where.</summary>
    public IReadOnlyList<string> Evaluate(string location, JsonNode? instance)
    {
        // The pointer as a URI fragment (RFC 6901 §6): percent-encoded, so `{runId}` and `problem+json` survive.
        var fragment = string.Join('/', location.Split('/').Select(Uri.EscapeDataString));
        var reference = new JsonObject { ["$ref"] = $"{DocumentUri}#{fragment}" };
        var schema = JsonSchema.Build(JsonSerializer.SerializeToElement(reference), _build);
        using var parsed = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var result = schema.Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid
            ? []
            : [.. (result.Details ?? [result])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"at '{d.InstanceLocation}' ({d.EvaluationPath}): {e.Value}"))
                .DefaultIfEmpty("is invalid")];
    }

    /// <summary>The JSON pointer of a component schema.</summary>
    public static string ComponentSchema(string name) => Pointer("components", "schemas", name);

    /// <summary>An RFC 6901 pointer: <c>~</c> is <c>~0</c> and <c>/</c> is <c>~1</c> in a segment.</summary>
    private static string Pointer(params string[] segments) =>
        string.Concat(segments.Select(s => "/" + s.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));

    private static string Lower(HttpMethod method) => method.Method.ToLowerInvariant();
}

/// <summary>Which operation and documented status a response was, and what about it the document does not describe.</summary>
public sealed record ValidatedResponse(string? OperationId, string Status, IReadOnlyList<string> Violations);
