using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Stamps;
using RbIdp.Pipeline.Stages;

namespace RbIdp.Pipeline;

public static class DocumentPipelineExtensions
{
    /// <summary>
    /// The document pipeline: the policy, the stages (their order is <see cref="DocumentStages"/>). Storage is registered separately; an OCR text cache
    /// registered before this call is used, otherwise none.
    /// </summary>
    public static IServiceCollection AddDocumentPipeline(this IServiceCollection services, string? policyPath = null)
    {
        services.AddSingleton(_ => policyPath is null ? DeferralPolicy.LoadDefault() : DeferralPolicy.Load(policyPath));
        services.AddDocumentReading();
        services.AddLlmChecks();
        services.AddSingleton<ArtifactWriter>();
        services.TryAddSingleton<IOcrTextCache, NoOcrTextCache>();
        services.AddOptions<StampDetectorOptions>().BindConfiguration(StampDetectorOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StampDetectorOptions>, StampDetectorOptionsValidator>());
        services.AddSingleton(sp => new StampDetector(
            StampDetectorOptions.FromPolicy(sp.GetRequiredService<DeferralPolicy>(), sp.GetRequiredService<IOptions<StampDetectorOptions>>().Value)));
        services.AddSingleton<EvidencePolicyStage>();
        services.AddSingleton<AcquireStage>();
        services.AddSingleton<IntakeStage>();
        services.AddSingleton<DecodeStage>();
        services.AddSingleton<OcrStage>();
        services.AddSingleton<ChecksStage>();
        services.AddSingleton<StampStage>();
        services.AddSingleton<MergeStage>();
        services.AddSingleton<EvidenceImageStage>();
        services.AddSingleton<ValidateStage>();
        services.AddSingleton<IPipelineStages, DocumentStages>();
        services.AddSingleton<DocumentPipeline>();
        return services;
    }
}
