import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { roleLabels } from '../../workflows/rules/labels.js';
import { currentProfessional } from './services/auth.server.js';
import { consoleContext } from './services/context.server.js';
import stylesHref from './styles.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: stylesHref }];

export async function loader({ request }: LoaderFunctionArgs) {
  const professional = await currentProfessional(request);
  return {
    professional: professional && {
      displayName: professional.displayName,
      role: roleLabels[professional.role],
      isAdmin: professional.role === 'ADMIN',
      // R-TELE-15: activity indicators, for the secretariat, doctors and administrators.
      indicators: professional.role !== 'NURSE',
    },
    serviceName: consoleContext().env.SERVICE_NAME,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>('root');
  const professional = root?.professional;
  return (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#contenu">
          Aller au contenu
        </a>
        <header className="site-header">
          {/* Employees and third parties reach public pages by their personal link: no way into the console for them. */}
          {professional ? (
            <Link to="/" className="brand">
              Santé au travail — console
            </Link>
          ) : (
            <span className="brand">{root?.serviceName ?? 'Service de santé au travail'}</span>
          )}
          {professional ? (
            <>
              <nav aria-label="Navigation principale">
                <ul>
                  <li>
                    <NavLink to="/taches">Mes tâches</NavLink>
                  </li>
                  <li>
                    <NavLink to="/visites">Visites</NavLink>
                  </li>
                  {professional.indicators ? (
                    <li>
                      <NavLink to="/indicateurs">Indicateurs</NavLink>
                    </li>
                  ) : null}
                  {professional.isAdmin ? (
                    <>
                      <li>
                        <NavLink to="/admin/journal">Journal d’audit</NavLink>
                      </li>
                      <li>
                        <NavLink to="/admin/comptes">Comptes</NavLink>
                      </li>
                    </>
                  ) : null}
                  <li>
                    <NavLink to="/securite">Sécurité du compte</NavLink>
                  </li>
                </ul>
              </nav>
              <div className="who">
                <span>
                  {professional.displayName} <span className="muted-on-dark">· {professional.role}</span>
                </span>
                <Form method="post" action="/deconnexion">
                  <button type="submit" className="link-button">
                    Se déconnecter
                  </button>
                </Form>
              </div>
            </>
          ) : null}
        </header>
        <main id="contenu" tabIndex={-1}>
          {children}
        </main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const message = typeof error.data === 'object' && error.data && 'message' in error.data ? String(error.data.message) : null;
    const titles: Record<number, string> = { 403: 'Accès refusé', 404: 'Page introuvable' };
    return (
      <section className="panel" aria-labelledby="erreur-titre">
        <h1 id="erreur-titre">{titles[error.status] ?? `Erreur ${error.status}`}</h1>
        <p>{message ?? 'La page demandée n’a pas pu être affichée.'}</p>
        <p>
          <Link to="/">Retour à l’accueil</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="erreur-titre">
      <h1 id="erreur-titre">Une erreur est survenue</h1>
      <p>L’incident a été journalisé. Réessayez dans un instant ; s’il persiste, prévenez l’équipe technique.</p>
    </section>
  );
}
