using Microsoft.Extensions.DependencyInjection;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Stamps;
using RbIdp.Pipeline.Runs;
using RbIdp.Pipeline.Stages;

namespace RbIdp.Pipeline.Processing;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// The document pipeline: the policy, the stages in order (policy → acquire → intake → decode → OCR →
    /// checks → stamp → merge → evidence images → validate) and the run processor. Storage is registered separately.
    /// </summary>
    public static IServiceCollection AddDocumentPipeline(this IServiceCollection services, string? policyPath = null)
    {
        services.AddSingleton(_ => policyPath is null ? DeferralPolicy.LoadDefault() : DeferralPolicy.Load(policyPath));
        services.AddDocumentReading();
        services.AddLlmChecks();
        services.AddSingleton<ArtifactWriter>();
        services.AddOptions<DuplicateWorkOptions>().BindConfiguration(DuplicateWorkOptions.SectionName);
        services.AddSingleton<DuplicateWorkCache>();
        services.AddSingleton(sp => new StampDetector(StampDetectorOptions.FromPolicy(sp.GetRequiredService<DeferralPolicy>())));
        services.AddSingleton<IPipelineStage, EvidencePolicyStage>();
        services.AddSingleton<IPipelineStage, AcquireStage>();
        services.AddSingleton<IPipelineStage, IntakeStage>();
        services.AddSingleton<IPipelineStage, DecodeStage>();
        services.AddSingleton<IPipelineStage, OcrStage>();
        services.AddSingleton<IPipelineStage, ChecksStage>();
        services.AddSingleton<IPipelineStage, StampStage>();
        services.AddSingleton<IPipelineStage, MergeStage>();
        services.AddSingleton<IPipelineStage, EvidenceImageStage>();
        services.AddSingleton<IPipelineStage, ValidateStage>();
        services.AddSingleton<DocumentPipeline>();
        return services;
    }

    /// <summary>The pipeline plus the processing of stored runs (needs the runs database): for the API and the worker.</summary>
    public static IServiceCollection AddRunProcessing(this IServiceCollection services)
    {
        services.AddDocumentPipeline();
        services.AddScoped<RunProcessor>();
        return services;
    }
}
