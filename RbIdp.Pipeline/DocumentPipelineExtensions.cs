using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Stamps;
using RbIdp.Pipeline.Stages;

namespace RbIdp.Pipeline;

/// <summary>
/// The document pipeline's one registration entry, which <see cref="LocalPipeline"/> (the <c>check</c> command) and the run
/// machinery (<c>Runs/Hosting</c>) call; its parts (reading, the LLM) are registered from here.
/// </summary>
internal static class DocumentPipelineExtensions
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

    /// <summary>
    /// Intake, decoding and OCR: options bound from the <c>Pdf</c>, <c>Decoding</c> and <c>Ocr</c> sections and validated at
    /// start; one engine pool for the process.
    /// </summary>
    internal static IServiceCollection AddDocumentReading(this IServiceCollection services)
    {
        services.AddOptions<DecoderOptions>().BindConfiguration(DecoderOptions.SectionName).ValidateOnStart();
        services.AddOptions<OcrOptions>().BindConfiguration(OcrOptions.SectionName).ValidateOnStart();
        services.AddOptions<PdfLimits>().BindConfiguration(PdfLimits.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PdfLimits>, PdfLimitsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DecoderOptions>, DecoderOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OcrOptions>, OcrOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => DeferralPolicy.LoadDefault());
        services.TryAddSingleton(sp => sp.GetRequiredService<DeferralPolicy>().Limits);
        services.TryAddSingleton<DocumentIntake>();
        services.TryAddSingleton<PdfRasterizer>();
        services.TryAddSingleton<DocumentDecoder>();
        services.TryAddSingleton<OcrEnginePool>();
        services.TryAddSingleton<PagePreprocessor>();
        services.TryAddSingleton<OcrService>();
        return services;
    }
}
