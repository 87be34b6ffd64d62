namespace RbIdp.Tests;

public sealed class PolicyTests
{
    [Fact]
    public void Default_policy_covers_every_reason_and_document()
    {
        var policy = RbIdp.Pipeline.Policy.DeferralPolicy.LoadDefault();
        Assert.True(policy.Accepts(RbIdp.Pipeline.Documents.DeferralReason.Illness, RbIdp.Pipeline.Documents.DocumentType.SickLeave));
        Assert.False(policy.Accepts(RbIdp.Pipeline.Documents.DeferralReason.Illness, RbIdp.Pipeline.Documents.DocumentType.IncomeCertificate));
        Assert.Null(policy.RuleFor(RbIdp.Pipeline.Documents.DocumentType.DisabilityCertificate).ValidityDays);
    }
}
