// Liveness for load balancers and the test harness: answers as soon as the server serves requests.
export function loader() {
  return Response.json({ status: 'ok' });
}
