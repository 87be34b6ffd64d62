using System.Text.Json;
using System.Text.Json.Serialization;
using RbIdp.Api.Submissions;
using RbIdp.Pipeline.Processing;

namespace RbIdp.Api.Apis;

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SubmissionBody))]
[JsonSerializable(typeof(JobStatus))]
[JsonSerializable(typeof(JobAccepted))]
[JsonSerializable(typeof(JobPage))]
[JsonSerializable(typeof(ReviewRequest))]
[JsonSerializable(typeof(DocumentAnswer))]
[JsonSerializable(typeof(ArtifactList))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
