using System.Text.Json.Serialization;

namespace RbIdp.Pipeline.Documents;

/// <summary>The kind of supporting document a borrower says they uploaded (DOMAIN.md §1).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DocumentType>))]
public enum DocumentType
{
    [JsonStringEnumMemberName("sick_leave")] SickLeave,
    [JsonStringEnumMemberName("medical_certificate")] MedicalCertificate,
    [JsonStringEnumMemberName("unemployment_certificate")] UnemploymentCertificate,
    [JsonStringEnumMemberName("employment_record")] EmploymentRecord,
    [JsonStringEnumMemberName("income_certificate")] IncomeCertificate,
    [JsonStringEnumMemberName("mobilization_notice")] MobilizationNotice,
    [JsonStringEnumMemberName("disability_certificate")] DisabilityCertificate,
    [JsonStringEnumMemberName("emergency_certificate")] EmergencyCertificate,
    [JsonStringEnumMemberName("birth_certificate")] BirthCertificate,
}
