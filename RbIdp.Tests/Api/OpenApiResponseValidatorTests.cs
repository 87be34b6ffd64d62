using System.Net;
using System.Text;

namespace RbIdp.Tests.Api;

/// <summary>The response validator the contract tests rely on reports what a document does not describe, and only that.</summary>
public sealed class OpenApiResponseValidatorTests
{
    private const string Document = """
        {
          "openapi": "3.1.1",
          "info": { "title": "t", "version": "1" },
          "paths": {
            "/v1/jobs/{runId}": {
              "get": {
                "operationId": "GetJob",
                "parameters": [{ "name": "runId", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }],
                "responses": {
                  "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Job" } } } },
                  "202": {
                    "description": "accepted",
                    "headers": {
                      "Location": { "required": true, "schema": { "type": "string" } },
                      "Retry-After": { "schema": { "type": "integer", "minimum": 0 } }
                    }
                  },
                  "4XX": { "description": "a problem", "content": { "application/problem+json": { "schema": { "type": "object", "required": ["type"] } } } }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "Job": {
                "type": "object",
                "required": ["run_id", "status"],
                "properties": {
                  "run_id": { "type": "string", "format": "uuid" },
                  "status": { "$ref": "#/components/schemas/Status" },
                  "progress": { "type": "integer" },
                  "failure": { "type": ["null", "string"] }
                }
              },
              "Status": { "type": "string", "enum": ["queued", "succeeded"] }
            }
          }
        }
        """;

    private const string Path = "/v1/jobs/5b0f6d5e-3f5c-4d0f-9a51-8a7cba1e3b1c";
    private static readonly OpenApiResponseValidator Validator = OpenApiResponseValidator.Load(Document);

    private static IReadOnlyList<string> Json(string body, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json") =>
        Validator.Validate(HttpMethod.Get, Path, status, new Dictionary<string, string>(), mediaType, Encoding.UTF8.GetBytes(body)).Violations;

    [Fact]
    public void A_body_the_schema_describes_passes_with_its_references_resolved()
    {
        Assert.Empty(Json("""{"run_id":"5b0f6d5e-3f5c-4d0f-9a51-8a7cba1e3b1c","status":"queued","progress":3,"failure":null}"""));
        Assert.Equal("GetJob", Validator.Validate(HttpMethod.Get, Path, HttpStatusCode.OK, new Dictionary<string, string>(), "application/json", "{\"run_id\":\"5b0f6d5e-3f5c-4d0f-9a51-8a7cba1e3b1c\",\"status\":\"queued\"}"u8.ToArray()).OperationId);
    }

    [Theory]
    [InlineData("""{"run_id":"5b0f6d5e-3f5c-4d0f-9a51-8a7cba1e3b1c","status":"queued","progress":"3"}""", "/progress")]
    [InlineData("""{"run_id":"5b0f6d5e-3f5c-4d0f-9a51-8a7cba1e3b1c"}""", "[\"status\"] are not present")]
    [InlineData("""{"run_id":"5b0f6d5e-3f5c-4d0f-9a51-8a7cba1e3b1c","status":"finished"}""", "/status")]
    [InlineData("""{"run_id":"not-a-uuid","status":"queued"}""", "/run_id")]
    [InlineData("""{"run_id":"5b0f6d5e-3f5c-4d0f-9a51-8a7cba1e3b1c","status":"queued","failure":7}""", "/failure")]
    [InlineData("""[1, 2]""", "should be \"object\"")]
    public void A_body_that_breaks_its_schema_is_reported_where_it_breaks_it(string body, string where)
    {
        var violations = Json(body);

        Assert.NotEmpty(violations);
        Assert.Contains(violations, v => v.Contains(where, StringComparison.Ordinal));
    }

    [Fact]
    public void A_body_that_is_not_json_is_reported() =>
        Assert.Contains("not JSON", Assert.Single(Json("{\"run_id\":")), StringComparison.Ordinal);

    [Fact]
    public void A_status_the_operation_does_not_document_is_reported_and_a_range_covers_its_statuses()
    {
        Assert.Contains("does not document", Assert.Single(Json("{}", HttpStatusCode.InternalServerError, "application/problem+json")), StringComparison.Ordinal);
        Assert.Empty(Json("""{"type":"urn:x"}""", HttpStatusCode.NotFound, "application/problem+json"));
        Assert.NotEmpty(Json("""{"title":"no type"}""", HttpStatusCode.NotFound, "application/problem+json"));
    }

    [Fact]
    public void A_media_type_the_response_does_not_document_is_reported() =>
        Assert.Contains("text/plain", Assert.Single(Json("queued", mediaType: "text/plain")), StringComparison.Ordinal);

    [Fact]
    public void A_path_or_method_the_document_does_not_have_is_reported()
    {
        Assert.NotEmpty(Validator.Validate(HttpMethod.Get, "/v1/other", HttpStatusCode.OK, new Dictionary<string, string>(), null, []).Violations);
        Assert.NotEmpty(Validator.Validate(HttpMethod.Delete, Path, HttpStatusCode.OK, new Dictionary<string, string>(), null, []).Violations);
    }

    [Fact]
    public void Headers_are_checked_required_documented_and_against_their_schemas()
    {
        IReadOnlyList<string> Accepted(Dictionary<string, string> headers) =>
            Validator.Validate(HttpMethod.Get, Path, HttpStatusCode.Accepted, headers, null, []).Violations;

        Assert.Empty(Accepted(new() { ["Location"] = Path, ["Retry-After"] = "2", ["Content-Length"] = "0" }));
        Assert.Contains("Location", Assert.Single(Accepted(new() { ["Retry-After"] = "2" })), StringComparison.Ordinal);
        Assert.Contains("Retry-After", Assert.Single(Accepted(new() { ["Location"] = Path, ["Retry-After"] = "soon" })), StringComparison.Ordinal);
        Assert.Contains("Retry-After", Assert.Single(Accepted(new() { ["Location"] = Path, ["Retry-After"] = "-1" })), StringComparison.Ordinal);
        Assert.Contains("ETag", Assert.Single(Accepted(new() { ["Location"] = Path, ["ETag"] = "\"1\"" })), StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_where_the_document_describes_none_and_none_where_it_describes_one_are_reported()
    {
        Assert.NotEmpty(Validator.Validate(HttpMethod.Get, Path, HttpStatusCode.Accepted, new Dictionary<string, string> { ["Location"] = Path }, "application/json", "{}"u8.ToArray()).Violations);
        Assert.NotEmpty(Json(""));
    }

    [Fact]
    public void A_document_that_is_not_openapi_3_1_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => OpenApiResponseValidator.Load(Document.Replace("\"3.1.1\"", "\"3.0.4\"", StringComparison.Ordinal)));
}
