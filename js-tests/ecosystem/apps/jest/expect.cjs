/** api.md section 6 for these tests: the fields `want` names; warning codes present. */
exports.expectOutcome = function expectOutcome(outcome, want) {
  const { warnings = [], errors, ...fields } = want;
  expect(outcome).toMatchObject(fields);
  expect(outcome.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(warnings));
  if (errors) expect(outcome.errors.map((e) => e.code).sort()).toEqual([...errors].sort());
};
