using System.Text.Json;
using System.Text.Json.Serialization;
using RbIdp.Pipeline.Ocr;

namespace RbIdp.Pipeline.Processing;

/// <summary>Source-generated JSON for everything the pipeline stores or answers: snake_case, as DOMAIN.md §4.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.Unspecified,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(DocumentAnswer))]
[JsonSerializable(typeof(OcrDocument))]
[JsonSerializable(typeof(Dictionary<string, long>))]
public sealed partial class PipelineJsonContext : JsonSerializerContext;
