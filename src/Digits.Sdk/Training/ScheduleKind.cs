namespace Digits.Sdk.Training;

/// <summary>The learning-rate schedule a <see cref="TrainingRecipe"/> uses.</summary>
public enum ScheduleKind
{
    /// <summary>The same rate throughout (<see cref="Schedules.Constant"/>).</summary>
    Constant,

    /// <summary>Cosine annealing to zero (<see cref="Schedules.Cosine"/>).</summary>
    Cosine,

    /// <summary>The one-cycle policy (<see cref="Schedules.OneCycle"/>), with the learning rate as its peak.</summary>
    OneCycle,
}
