namespace Digits.Sdk.Evaluation;

/// <summary>Precision, recall and F1 averaged over the classes (macro or support-weighted).</summary>
/// <param name="Precision">The averaged precision.</param>
/// <param name="Recall">The averaged recall.</param>
/// <param name="F1">The averaged per-class F1 (not the F1 of the averaged precision and recall, as in scikit-learn).</param>
public sealed record AveragedMetrics(double Precision, double Recall, double F1);
