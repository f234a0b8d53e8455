namespace Digits.Sdk.Evaluation;

/// <summary>How well a classifier did on one class: one row of <see cref="EvaluationReport.PerClass"/>.</summary>
/// <param name="Name">The class name, <c>"7"</c> for a digit.</param>
/// <param name="Precision">Of the samples predicted as this class, the fraction that truly are; 0 when it was never predicted.</param>
/// <param name="Recall">Of the samples truly in this class, the fraction predicted as it; 0 when the class has no samples.</param>
/// <param name="F1">The harmonic mean of <paramref name="Precision"/> and <paramref name="Recall"/>; 0 when both are 0.</param>
/// <param name="Support">How many samples truly belong to this class.</param>
public sealed record ClassMetrics(string Name, double Precision, double Recall, double F1, int Support);
