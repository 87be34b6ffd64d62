using System.Text.Json;
using System.Text.Json.Serialization;
using RbIdp.Pipeline.Runs.Webhooks;

namespace RbIdp.Worker.Jobs;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class WorkerJsonContext : JsonSerializerContext;
