import { FIELDS } from "../../shared/app.js";

/** The app's table (apps/shared/app.js renders the same with the DOM). */
export function Table({ result, operations, where }) {
  return (
    <div id="app" data-ready="true" data-where={where}>
      <table>
        <thead>
          <tr>
            <td>step</td>
            {FIELDS.map(([field]) => <td key={field}>{field}</td>)}
          </tr>
        </thead>
        <tbody>
          {result.outcomes.map((outcome, i) => (
            <tr key={i} data-step={i}>
              <td>{operations[i].type}</td>
              {FIELDS.map(([field, get]) => <td key={field} data-field={field}>{get(outcome)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      <pre id="result">{JSON.stringify(result)}</pre>
    </div>
  );
}
