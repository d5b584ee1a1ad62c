using Musubi.Engines.Optimization;

namespace Musubi.Engines.Tests.Surge;

/// <summary>
/// CLP through its C API (<see cref="ClpLp"/>), on a program solved by hand:
/// <code>
/// maximize   x + y
/// subject to x + 2y ≤ 4
///            3x + y ≤ 6
///            0 ≤ x ≤ 10, 0 ≤ y ≤ 10
/// </code>
/// Both rows bind at the optimum x = 8/5, y = 6/5, value 14/5. With y ≤ 1 instead: x = 5/3, value 8/3; then y's
/// reduced cost is 1 − 1/3 = 2/3 (one more unit of y's bound trades 1/3 of x for a unit of y).
/// </summary>
public sealed class ClpLpTests
{
    private static ClpLp Example() => new(
        start: [0, 2, 4],
        index: [0, 1, 0, 1],
        value: [1, 3, 2, 1],
        columnLower: [0, 0],
        columnUpper: [10, 10],
        objective: [1, 1],
        rowLower: [double.NegativeInfinity, double.NegativeInfinity],
        rowUpper: [4, 6],
        maximize: true);

    [Fact]
    public void Solves_the_hand_solved_program_with_presolve()
    {
        using var lp = Example();
        Assert.Equal(ClpLp.Status.Optimal, lp.Primal(presolve: true));
        Assert.Equal(2.8, lp.ObjectiveValue, 9);
        var values = lp.Values();
        Assert.Equal(1.6, values[0], 9);
        Assert.Equal(1.2, values[1], 9);
    }

    [Fact]
    public void A_changed_bound_is_solved_from_the_last_basis_and_gives_the_reduced_cost()
    {
        using var lp = Example();
        lp.Primal(presolve: true);
        lp.SetColumnUpper([10, 1]);
        Assert.Equal(ClpLp.Status.Optimal, lp.Primal(presolve: false));
        Assert.Equal(8.0 / 3, lp.ObjectiveValue, 9);
        Assert.Equal(5.0 / 3, lp.Values()[0], 9);
        // From the previous optimum one pivot reaches the new one.
        Assert.InRange(lp.Iterations, 0, 2);
        var reduced = lp.ReducedCosts();
        Assert.Equal(2.0 / 3, reduced[1], 9);
        Assert.Equal(0, reduced[0], 9);
    }

    [Fact]
    public void Row_bounds_and_the_objective_change_in_place()
    {
        using var lp = Example();
        lp.Primal(presolve: true);
        // Only x counts; x ≤ 2 from the second row.
        lp.SetObjective([1, 0]);
        Assert.Equal(ClpLp.Status.Optimal, lp.Primal(presolve: false));
        Assert.Equal(2, lp.ObjectiveValue, 9);
        // x + 2y ≥ 5 as well: with 3x + y ≤ 6 and x + 2y ≤ 4 that is infeasible.
        lp.SetRowBounds([5, double.NegativeInfinity], [4, 6]);
        Assert.Equal(ClpLp.Status.Infeasible, lp.Primal(presolve: false));
    }
}
